#include "DemoSeeder.h"

#include <QFile>
#include <QFileInfo>

#include "CryptoPrimitives.h"
#include "GraphImporters.h"
#include "Logging.h"
#include "WorkspaceSettings.h"
#include "WriteTransaction.h"

// Q_INIT_RESOURCE must be called outside any namespace (the services library is static).
static void initDemoResources()
{
    Q_INIT_RESOURCE(demo);
}

namespace gatehouse {

namespace {

struct DemoPath
{
    const char* id;
    const char* name;
    const char* description;
    const char* owner;
    const char* team;
    const char* ai;
    SeverityTier tier;
    Reversibility reversibility;
    double threshold;
    QStringList actions;
    QStringList targets;
    FrameworkMapping frameworks;
    int reviewInDays; ///< negative: overdue
    PathStatus finalStatus;
    const char* statusReason;
};

QStringList L(std::initializer_list<const char*> items)
{
    QStringList out;
    for (const char* i : items)
        out << QString::fromUtf8(i);
    return out;
}

FrameworkMapping F(std::initializer_list<const char*> owasp, std::initializer_list<const char*> maestro,
                   std::initializer_list<const char*> rmf, std::initializer_list<const char*> csf)
{
    return FrameworkMapping{L(owasp), L(maestro), L(rmf), L(csf)};
}

QList<DemoPath> demoPaths()
{
    using T = SeverityTier;
    using R = Reversibility;
    using S = PathStatus;
    return {
        {"soc-isolate-endpoint", "Isolate compromised endpoint",
         "The SOC triage agent isolates a host from the network when EDR telemetry shows active compromise.",
         "owner-secops", "Security operations", "soc-triage-agent 3.2 (claude-sonnet-4.5)", T::T2,
         R::Reversible, 0.85, L({"endpoint.isolate", "endpoint.release"}), L({"edr:host/*"}),
         F({"ASI02", "ASI08"}, {"L3", "L4"}, {"MANAGE 2.3", "MEASURE 2.7"}, {"RS.MI", "DE.CM"}), 60,
         S::Active, ""},
        {"soc-disable-account", "Disable account on credential compromise",
         "Disables an identity and revokes its sessions when impossible-travel and token-theft signals "
         "agree.",
         "owner-secops", "Security operations", "soc-triage-agent 3.2 (claude-sonnet-4.5)", T::T3,
         R::HardToReverse, 0.9, L({"iam.account.disable", "iam.session.revoke"}), L({"okta:user/*"}),
         F({"ASI03", "ASI09"}, {"L3", "L6"}, {"GOVERN 1.4", "MANAGE 2.3"}, {"PR.AA", "RS.MI"}), 30, S::Active,
         ""},
        {"soc-block-indicator", "Block indicator at the perimeter",
         "Adds a malicious IP or domain from a confirmed incident to the firewall block list for 24 hours.",
         "owner-secops", "Security operations", "ioc-agent 1.4", T::T1, R::Reversible, 0.75,
         L({"network.ioc.block"}), L({"fw:blocklist/edge-*"}),
         F({"ASI02"}, {"L4"}, {"MANAGE 2.3"}, {"RS.MI"}), -12, S::Active, ""},
        {"soc-alert-enrichment", "Annotate alerts with threat intelligence",
         "Writes enrichment notes on SIEM alerts; informational, changes no access.", "owner-secops",
         "Security operations", "enrichment-agent 0.9", T::T0, R::Reversible, 0.5, L({"alert.annotate"}),
         L({"siem:alert/*"}), F({"ASI06"}, {"L2"}, {"MEASURE 2.7"}, {"DE.AE"}), 120, S::Active, ""},
        {"helpdesk-mfa-reset", "Reset MFA after verified identity check",
         "The helpdesk agent resets a user's MFA factors once the identity-verification workflow has passed.",
         "owner-helpdesk", "IT helpdesk", "helpdesk-assistant 5.1 (gpt-4.1)", T::T2, R::HardToReverse, 0.9,
         L({"iam.mfa.reset", "iam.password.reset"}), L({"okta:user/*"}),
         F({"ASI03", "ASI09"}, {"L3", "L7"}, {"GOVERN 3.2", "MAP 3.5"}, {"PR.AA"}), -3, S::Active, ""},
        {"helpdesk-group-membership", "Add users to self-service groups",
         "Adds a requester to a pre-approved self-service distribution or software group.", "owner-helpdesk",
         "IT helpdesk", "helpdesk-assistant 5.1 (gpt-4.1)", T::T1, R::Reversible, 0.8,
         L({"iam.group.add_member"}), L({"ad:group/selfservice-*"}),
         F({"ASI03"}, {"L3"}, {"MAP 3.5"}, {"PR.AA"}), 90, S::Active, ""},
        {"access-grant-app-role", "Grant requested application role",
         "Grants an application role that a manager approved in the access-request portal.", "owner-access",
         "Identity governance", "access-copilot 2.0", T::T2, R::Reversible, 0.85, L({"iam.role.assign"}),
         L({"aws:iam::111122223333:role/app-*", "entra:approle/*"}),
         F({"ASI03"}, {"L3", "L6"}, {"GOVERN 1.4", "MANAGE 1.3"}, {"PR.AA", "GV.RR"}), 45, S::Active, ""},
        {"access-revoke-dormant", "Revoke dormant entitlements",
         "Removes entitlements unused for 90 days after the owner's certification campaign.", "owner-access",
         "Identity governance", "access-copilot 2.0", T::T1, R::Reversible, 0.8, L({"iam.role.unassign"}),
         L({"aws:iam::111122223333:role/*", "entra:approle/*"}),
         F({"ASI03"}, {"L3"}, {"MANAGE 4.1"}, {"PR.AA"}), 75, S::Active, ""},
        {"access-admin-elevation", "Temporary administrator elevation",
         "Proposes just-in-time elevation to a cloud administrator role for break-fix work.", "owner-access",
         "Identity governance", "access-copilot 2.1-beta", T::T3, R::Reversible, 0.95, L({"iam.role.assign"}),
         L({"aws:iam::111122223333:role/Admin*"}), FrameworkMapping{}, 0, S::Draft, ""},
        {"finance-refund-approval", "Approve customer refunds",
         "Approves refunds under the policy limit when order, delivery and fraud signals agree.",
         "owner-finance", "Finance operations", "refund-agent 4.0", T::T2, R::Irreversible, 0.9,
         L({"payment.refund.approve"}), L({"erp:refund/*"}),
         F({"ASI02", "ASI09"}, {"L3", "L7"}, {"GOVERN 1.2", "MANAGE 2.2"}, {"GV.RM"}), 20, S::Active, ""},
        {"finance-vendor-payment", "Release vendor payments",
         "Releases scheduled vendor payments after three-way match.", "owner-finance", "Finance operations",
         "ap-agent 1.2", T::T3, R::Irreversible, 0.97, L({"payment.approve"}), L({"erp:payment/vendor-*"}),
         F({"ASI02", "ASI10"}, {"L3", "L6"}, {"GOVERN 1.2", "MANAGE 2.4"}, {"GV.RM", "PR.DS"}), -30,
         S::Suspended, "Paused after duplicate-invoice incident INC-2291 pending model re-evaluation"},
        {"cloud-scale-service", "Scale Kubernetes deployments",
         "Scales stateless deployments within their autoscaling bounds during incidents.", "owner-cloudops",
         "Cloud operations", "sre-agent 2.6", T::T1, R::Reversible, 0.7, L({"k8s.deployment.scale"}),
         L({"k8s:prod-eu1/deployment/*"}), F({"ASI08"}, {"L4"}, {"MANAGE 2.4"}, {"PR.IR"}), 100, S::Active,
         ""},
        {"cloud-rotate-secrets", "Rotate leaked secrets",
         "Rotates a secret reported by the secret scanner and redeploys its consumers.", "owner-cloudops",
         "Cloud operations", "sre-agent 2.6", T::T2, R::HardToReverse, 0.85, L({"secret.rotate"}),
         L({"vault:kv/prod/*"}), F({"ASI03", "ASI05"}, {"L4", "L6"}, {"MANAGE 2.3"}, {"PR.DS", "RS.MI"}), 15,
         S::Active, ""},
        {"cloud-delete-snapshots", "Delete orphaned snapshots",
         "Deleted unattached disk snapshots older than a year to cut cost.", "owner-cloudops",
         "Cloud operations", "finops-agent 0.7", T::T3, R::Irreversible, 0.95, L({"storage.snapshot.delete"}),
         L({"aws:ec2:eu-west-1:111122223333:snapshot/*"}), F({"ASI02"}, {"L4"}, {"MANAGE 4.1"}, {"PR.DS"}),
         -60, S::Retired, "Replaced by lifecycle policies managed in Terraform"},
        {"dataprot-quarantine-file", "Quarantine files with exposed secrets",
         "Moves a file that a DLP scan flagged into quarantine and notifies its owner.", "owner-dataprot",
         "Data protection", "dlp-agent 3.0", T::T1, R::Reversible, 0.8, L({"dlp.file.quarantine"}),
         L({"gdrive:file/*", "sharepoint:file/*"}), F({"ASI06"}, {"L2"}, {"MAP 4.1"}, {"PR.DS"}), 50,
         S::Active, ""},
        {"dataprot-revoke-share", "Revoke public sharing links",
         "Revokes anyone-with-the-link shares on documents classified confidential or restricted.",
         "owner-dataprot", "Data protection", "dlp-agent 3.0", T::T2, R::Reversible, 0.85,
         L({"storage.share.revoke"}), L({"gdrive:share/*"}),
         F({"ASI02"}, {"L2", "L6"}, {"MANAGE 2.3"}, {"PR.DS"}), 35, S::Active, ""},
    };
}

struct DemoAccount
{
    const char* username;
    const char* displayName;
    OperatorRoles roles;
};

} // namespace

Status DemoSeeder::seed(Database& db, AccountService& accounts, CatalogueService& catalogue,
                        const Clock& clock)
{
    auto empty = accounts.needsFirstAdmin();
    if (!empty)
        return std::unexpected(empty.error());
    if (!*empty)
        return fail(
            ErrorCode::Conflict,
            QStringLiteral("the demo can only be seeded into an empty workspace (this one has accounts)"));
    const QString password = QString::fromLatin1(kDemoPassword);
    auto admin = accounts.createFirstAdmin(QStringLiteral("admin"), QStringLiteral("Avery Admin"), password);
    if (!admin)
        return std::unexpected(admin.error());
    const OperatorSession adminSession{QStringLiteral("admin"), OperatorRole::Admin};

    const QList<DemoAccount> people = {
        {"analyst1", "Ana Lindqvist", OperatorRole::Analyst},
        {"analyst2", "Bongani Dlamini", OperatorRole::Analyst},
        {"analyst3", "Chen Wei", OperatorRole::Analyst},
        {"manager1", "Maria Okafor", OperatorRole::Manager},
        {"owner-secops", "Sam Reyes (SecOps)", OperatorRole::Owner},
        {"owner-helpdesk", "Hana Novak (Helpdesk)", OperatorRole::Owner},
        {"owner-access", "Ibrahim Haddad (Identity governance)", OperatorRole::Owner},
        {"owner-finance", "Fiona Walsh (Finance)", OperatorRole::Owner},
        {"owner-cloudops", "Kenji Sato (Cloud operations)", OperatorRole::Owner},
        {"owner-dataprot", "Priya Raman (Data protection)", OperatorRole::Owner | OperatorRole::Analyst},
    };
    for (const auto& p : people) {
        auto made = accounts.createAccount(adminSession, QString::fromLatin1(p.username),
                                           QString::fromUtf8(p.displayName), p.roles, password);
        if (!made)
            return std::unexpected(made.error());
    }

    const QDate today = clock.now().date();
    for (const DemoPath& d : demoPaths()) {
        const OperatorSession owner{QString::fromLatin1(d.owner), OperatorRole::Owner};
        DecisionPath p;
        p.id = QString::fromLatin1(d.id);
        p.name = QString::fromUtf8(d.name);
        p.description = QString::fromUtf8(d.description);
        p.owner = owner.username;
        p.team = QString::fromUtf8(d.team);
        p.aiComponent = QString::fromUtf8(d.ai);
        p.workloadId = QStringLiteral("spiffe://corp.example/agents/") + p.id;
        p.actionTypes = d.actions;
        p.targets = d.targets;
        p.environment = QStringLiteral("production");
        p.tier = d.tier;
        p.reversibility = d.reversibility;
        p.confidenceThreshold = d.threshold;
        p.frameworks = d.frameworks;
        p.nextReviewDate = today.addDays(d.reviewInDays);
        // A first draft with a looser threshold, then the owner's tightening edit: real history.
        DecisionPath draft = p;
        draft.confidenceThreshold = std::max(0.5, d.threshold - 0.1);
        auto created = catalogue.create(owner, draft);
        if (!created)
            return std::unexpected(created.error());
        DecisionPath edited = *created;
        edited.confidenceThreshold = d.threshold;
        auto updated = catalogue.update(owner, edited);
        if (!updated)
            return std::unexpected(updated.error());
        if (d.finalStatus == PathStatus::Draft)
            continue;
        auto active = catalogue.activate(owner, p.id);
        if (!active)
            return std::unexpected(active.error());
        if (d.finalStatus == PathStatus::Suspended) {
            auto s = catalogue.suspend(owner, p.id, QString::fromUtf8(d.statusReason));
            if (!s)
                return std::unexpected(s.error());
        } else if (d.finalStatus == PathStatus::Retired) {
            auto r = catalogue.retire(owner, p.id, QString::fromUtf8(d.statusReason));
            if (!r)
                return std::unexpected(r.error());
        }
    }

    WriteTransaction tx(db.connection());
    if (auto st = tx.begun(); !st)
        return st;
    if (auto st = WorkspaceSettings(db.connection()).setValue(QStringLiteral("demo"), QStringLiteral("1"));
        !st)
        return st;
    // The flag makes the login dialog show the shared demo password: record who set it.
    AuditLedger ledger(db.connection(), clock);
    if (auto ev =
            ledger.append({QStringLiteral("workspace.demo_seeded"),
                           QStringLiteral("system"),
                           QStringLiteral("workspace"),
                           {},
                           QJsonObject{{QStringLiteral("accounts"), static_cast<int>(people.size()) + 1},
                                       {QStringLiteral("paths"), static_cast<int>(demoPaths().size())}}});
        !ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return st;
    Logging::info("catalogue", QStringLiteral("demo workspace seeded"));
    return {};
}

Status DemoSeeder::seedGraph(PermissionGraphService& graph, CatalogueService& catalogue, const Clock& clock)
{
    initDemoResources();
    const OperatorSession admin{QStringLiteral("admin"), OperatorRole::Admin};
    for (const auto& [resource, kind] :
         {std::pair{QStringLiteral(":/demo/demo-aws-account.json"), QStringLiteral("aws")},
          std::pair{QStringLiteral(":/demo/demo-k8s-rbac.yaml"), QStringLiteral("k8s")}}) {
        QFile file(resource);
        if (!file.open(QIODevice::ReadOnly))
            return fail(ErrorCode::StorageFailure,
                        QStringLiteral("demo graph %1 is missing from the build").arg(resource));
        const QByteArray data = file.readAll();
        const QString name = QFileInfo(resource).fileName();
        const GraphImporterEntry* importer = GraphImporters::byOption(kind);
        if (!importer || !importer->function)
            return fail(ErrorCode::StorageFailure, QStringLiteral("this build has no %1 importer").arg(kind));
        auto imported = importer->function(data, name, clock.now());
        if (!imported)
            return std::unexpected(imported.error());
        auto stored =
            graph.importGraph(admin, *imported, QString::fromLatin1(CryptoPrimitives::sha256(data).toHex()));
        if (!stored)
            return std::unexpected(stored.error());
    }
    const QList<std::pair<const char*, const char*>> runsAs = {
        {"access-grant-app-role", "arn:aws:iam::111122223333:role/ai-access-grant"},
        {"cloud-rotate-secrets", "arn:aws:iam::111122223333:role/ai-secrets-rotator"},
        {"dataprot-quarantine-file", "arn:aws:iam::111122223333:role/ai-dataprot-quarantine"},
        {"cloud-scale-service", "system:serviceaccount:agents:scaler"},
    };
    for (const auto& [id, identity] : runsAs) {
        auto path = catalogue.get(admin, QString::fromLatin1(id));
        if (!path)
            return std::unexpected(path.error());
        DecisionPath p = *path;
        p.runsAs = {QString::fromLatin1(identity)};
        auto updated = catalogue.update(OperatorSession{p.owner, OperatorRole::Owner}, p);
        if (!updated)
            return std::unexpected(updated.error());
    }
    return {};
}

} // namespace gatehouse
