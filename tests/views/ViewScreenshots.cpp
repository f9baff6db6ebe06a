// gatehouse_view_screenshots: renders the console's windows on a seeded demo workspace
// into PNG files (QWidget::grab), for looking at the UI without signing in by hand.
// Usage: gatehouse_view_screenshots [output dir]   (default /tmp/gatehouse-shots)
// Not a test: run it under xvfb-run or with QT_QPA_PLATFORM=offscreen.

#include <cstdio>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>

#include "AuditTimelinePage.h"
#include "CatalogueFilterBar.h"
#include "CataloguePage.h"
#include "CredentialService.h"
#include "CredentialsPage.h"
#include "DecisionPathBuilder.h"
#include "DecisionPathDialog.h"
#include "DemoSeeder.h"
#include "FakeUserInteraction.h"
#include "FirstAdminDialog.h"
#include "GraphImporters.h"
#include "GraphNodeItem.h"
#include "IntakeService.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "OverviewPage.h"
#include "PermissionGraphPage.h"
#include "PoliciesPage.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

/// Imports tests/data/graph/\a relative with the importer for \a option ("aws", "k8s").
bool importFixture(TestWorkspace& ws, const char* option, const QString& relative)
{
    QFile f(QStringLiteral(GATEHOUSE_SOURCE_DIR "/tests/data/graph/") + relative);
    const GraphImporterEntry* importer = GraphImporters::byOption(QString::fromLatin1(option));
    if (!importer || !importer->function || !f.open(QIODevice::ReadOnly))
        return false;
    auto graph = importer->function(f.readAll(), relative, ws.clock().now());
    if (!graph) {
        std::fprintf(stderr, "import %s: %s\n", qPrintable(relative), qPrintable(graph.error().message));
        return false;
    }
    auto stored = ws.app().graph().importGraph(ws.admin(), *graph, QStringLiteral("0").repeated(64));
    if (!stored)
        std::fprintf(stderr, "store %s: %s\n", qPrintable(relative), qPrintable(stored.error().message));
    return stored.has_value();
}

/// Waits until \a page has shown its layout (or failed).
void waitForLayout(PermissionGraphPage* page)
{
    for (int i = 0; i < 200 && page->isLayingOut(); ++i)
        QTest::qWait(50);
}

bool save(QWidget* widget, const QDir& dir, const QString& name)
{
    QApplication::processEvents();
    QTest::qWait(50);
    const QString file = dir.filePath(name + QStringLiteral(".png"));
    const bool ok = widget->grab().save(file);
    std::fprintf(stdout, "%s %s\n", ok ? "wrote" : "FAILED", qPrintable(file));
    return ok;
}

/// Three paths (T1, T2, T3) and credentials in every state: an expired T3 one, a used and
/// an active T1 one, a revoked and an active T2 one, with the clock moved so time left varies.
bool seedCredentials(TestWorkspace& ws, const OperatorSession& admin)
{
    Application& app = ws.app();
    struct Shot
    {
        const char* id;
        SeverityTier tier;
        const char* action;
        const char* target;
    };
    const Shot paths[] = {{"shot-iam-grant", SeverityTier::T3, "iam.role.assign", "okta:group/*"},
                          {"shot-edr-isolate", SeverityTier::T1, "endpoint.isolate", "edr:host/*"},
                          {"shot-mail-purge", SeverityTier::T2, "mail.message.purge", "m365:mailbox/*"}};
    for (const Shot& p : paths) {
        const QString id = QString::fromLatin1(p.id);
        const DecisionPath path = DecisionPathBuilder(id)
                                      .tier(p.tier)
                                      .actions({QString::fromLatin1(p.action)})
                                      .targets({QString::fromLatin1(p.target)})
                                      .build();
        if (!app.catalogue().create(admin, path) || !app.catalogue().activate(admin, id))
            return false;
    }
    app.intake().setDecider([](const ActionRequest& request, const DecisionPath&) {
        PolicyDecision d;
        d.requestId = request.requestId;
        d.outcome = PolicyOutcome::Allow;
        d.matchedRules = {QStringLiteral("demo-allow")};
        d.policyVersion = QStringLiteral("demo-policy-7");
        return d;
    });
    auto submit = [&app](const char* pathId, const char* action, const char* target) {
        const QString path = QString::fromLatin1(pathId);
        const QJsonObject body{{QStringLiteral("path_id"), path},
                               {QStringLiteral("action_type"), QString::fromLatin1(action)},
                               {QStringLiteral("target"), QString::fromUtf8(target)},
                               {QStringLiteral("confidence"), 0.9},
                               {QStringLiteral("risk_score"), 30},
                               {QStringLiteral("parameters"),
                                QJsonObject{{QStringLiteral("ticket"), QStringLiteral("INC-4411")}}},
                               {QStringLiteral("target_sensitivity"), QStringLiteral("internal")},
                               {QStringLiteral("environment"), QStringLiteral("production")},
                               {QStringLiteral("on_behalf_of"), QStringLiteral("jdoe@corp.example")},
                               {QStringLiteral("reversible"), true},
                               {QStringLiteral("rollback_plan"), QStringLiteral("undo")}};
        const IntakeCaller caller{QStringLiteral("spiffe://corp.example/agents/") + path, {}};
        const IntakeReply r = app.intake().submit(caller, QJsonDocument(body).toJson(QJsonDocument::Compact));
        if (r.status != 201)
            std::fprintf(stderr, "submit %s: %d %s\n", pathId, r.status,
                         QJsonDocument(r.body).toJson(QJsonDocument::Compact).constData());
        return r.body.value(QStringLiteral("request_id")).toString();
    };
    if (submit("shot-iam-grant", "iam.role.assign", "okta:group/finance-readers").isEmpty())
        return false;
    ws.clock().advanceSeconds(200);
    if (!app.credentials().sweep())
        return false;
    const QString used = submit("shot-edr-isolate", "endpoint.isolate", "edr:host/ws-0421");
    ws.clock().advanceSeconds(45);
    const QString active = submit("shot-edr-isolate", "endpoint.isolate", "edr:host/Отчёт-srv-02");
    ws.clock().advanceSeconds(30);
    const QString revoked = submit("shot-mail-purge", "mail.message.purge", "m365:mailbox/cfo");
    const QString live = submit("shot-mail-purge", "mail.message.purge", "m365:mailbox/helpdesk");
    const IntakeCaller agent{QStringLiteral("spiffe://corp.example/agents/shot-edr-isolate"), {}};
    app.intake().reportResult(agent, used,
                              QByteArrayLiteral(R"({"outcome":"executed","rollback_handle":"r-1"})"));
    auto c = app.credentials().forRequest(revoked);
    if (!c || !c->has_value() ||
        !app.credentials().revoke(admin, (*c)->jti, QStringLiteral("mailbox owner objected")))
        return false;
    ws.clock().advanceSeconds(17);
    return !active.isEmpty() && !live.isEmpty();
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const QDir dir(argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("/tmp/gatehouse-shots"));
    if (!QDir().mkpath(dir.path()))
        return 1;

    TestWorkspace ws(false);
    if (!ws.isValid())
        return 1;
    if (auto seeded =
            DemoSeeder::seed(ws.app().database(), ws.app().accounts(), ws.app().catalogue(), ws.clock());
        !seeded) {
        std::fprintf(stderr, "seed: %s\n", qPrintable(seeded.error().message));
        return 1;
    }
    // A permission graph: two AWS accounts' worth of escalation fixtures, Kubernetes RBAC
    // primitives, and a decision path whose role can pass an admin role to EC2.
    bool imported = importFixture(ws, "aws", QStringLiteral("passrole-ec2.json")) &&
                    importFixture(ws, "aws", QStringLiteral("assume-role-chain.json")) &&
                    importFixture(ws, "k8s", QStringLiteral("k8s/escalation-primitives.yaml"));
    {
        DecisionPath deployer;
        if (auto existing = ws.app().catalogue().get(ws.admin(), QStringLiteral("soc-disable-account")))
            deployer = *existing;
        deployer.id = QStringLiteral("ci-deploy-fleet");
        deployer.name = QStringLiteral("Deploy the build fleet");
        deployer.description = QStringLiteral("CI agent that launches build instances for release jobs.");
        deployer.owner = QStringLiteral("admin");
        deployer.actionTypes = {QStringLiteral("ec2.instance.launch")};
        deployer.targets = {QStringLiteral("arn:aws:ec2:*:111122223333:instance/*")};
        deployer.runsAs = {QStringLiteral("arn:aws:iam::111122223333:role/App")};
        deployer.workloadId = QStringLiteral("spiffe://corp.example/agents/ci-deployer");
        auto created = ws.app().catalogue().create(ws.admin(), deployer);
        if (!created)
            std::fprintf(stderr, "ci-deploy-fleet: %s\n", qPrintable(created.error().message));
        imported &= created.has_value();
    }
    if (!imported)
        return 1;
    const ConsoleServices services = consoleServices(ws);
    bool ok = true;

    {
        LoginDialog login(ws.app().accounts(), ws.app().settings(), ws.directory());
        login.setUsername(QStringLiteral("admin"));
        login.show();
        ok &= save(&login, dir, QStringLiteral("01-login-demo"));
    }
    auto session = ws.app().accounts().authenticate(QStringLiteral("admin"),
                                                    QString::fromLatin1(DemoSeeder::kDemoPassword));
    if (!session) {
        std::fprintf(stderr, "sign-in: %s\n", qPrintable(session.error().message));
        return 1;
    }

    FakeUserInteraction ui;
    MainWindow window(services, *session, ui);
    window.resize(1400, 900);
    window.show();
    ok &= save(&window, dir, QStringLiteral("02-overview"));
    static_cast<OverviewPage*>(window.page(MainWindow::Page::Overview))->verifyLedger();
    ok &= save(&window, dir, QStringLiteral("03-overview-verified"));

    window.showPage(MainWindow::Page::Catalogue);
    auto* catalogue = static_cast<CataloguePage*>(window.page(MainWindow::Page::Catalogue));
    catalogue->selectPath(QStringLiteral("soc-disable-account"));
    ok &= save(&window, dir, QStringLiteral("04-catalogue"));
    catalogue->tableView()->sortByColumn(4, Qt::DescendingOrder);
    QTest::keyClicks(catalogue->filterBar()->searchEdit(), QStringLiteral("iam"));
    ok &= save(&window, dir, QStringLiteral("05-catalogue-filtered"));
    catalogue->filterBar()->searchEdit()->clear();

    catalogue->selectPath(QStringLiteral("soc-isolate-endpoint"));
    catalogue->editAction()->trigger();
    if (DecisionPathDialog* editor = catalogue->activeEditor()) {
        ok &= save(editor, dir, QStringLiteral("06-edit-dialog"));
        editor->close();
    }
    QApplication::processEvents();
    catalogue->newAction()->trigger();
    if (DecisionPathDialog* editor = catalogue->activeEditor()) {
        QTest::keyClicks(editor->findChild<QLineEdit*>(QStringLiteral("idEdit")), QStringLiteral("Bad Id"));
        QTest::keyClicks(editor->findChild<QLineEdit*>(QStringLiteral("workloadEdit")),
                         QStringLiteral("spiffe://corp.example/agents//x"));
        ok &= save(editor, dir, QStringLiteral("07-new-dialog-invalid"));
        editor->close();
    }
    QApplication::processEvents();

    window.showPage(MainWindow::Page::AuditTimeline);
    auto* timeline = static_cast<AuditTimelinePage*>(window.page(MainWindow::Page::AuditTimeline));
    timeline->tableView()->setCurrentIndex(timeline->tableView()->model()->index(0, 0));
    ok &= save(&window, dir, QStringLiteral("08-audit-timeline"));

    window.showPage(MainWindow::Page::Policies);
    auto* policies = static_cast<PoliciesPage*>(window.page(MainWindow::Page::Policies));
    policies->runWhatIf(); // the policy in force against itself: nothing changes
    ok &= save(&window, dir, QStringLiteral("11-policies"));
    {
        // A draft with one error and one never-matching rule, validated, first issue clicked.
        QString draft = policies->editor()->toPlainText();
        draft.replace(QStringLiteral("\"outcome\": \"deny\""), QStringLiteral("\"outcome\": \"refuse\""));
        policies->editor()->setPlainText(draft);
        policies->validateDraft();
        if (policies->issueList()->count() > 0) {
            policies->issueList()->setCurrentRow(0);
            policies->goToLine(policies->issueList()->item(0)->data(Qt::UserRole).toInt());
        }
        ok &= save(&window, dir, QStringLiteral("12-policies-validated"));
    }

    window.showPage(MainWindow::Page::Catalogue);
    catalogue->refresh();
    catalogue->selectPath(QStringLiteral("ci-deploy-fleet"));
    ok &= save(&window, dir, QStringLiteral("13-catalogue-amplification"));

    window.showPage(MainWindow::Page::PermissionGraph);
    auto* graph = static_cast<PermissionGraphPage*>(window.page(MainWindow::Page::PermissionGraph));
    ok &= save(&window, dir, QStringLiteral("14-graph-empty"));
    graph->search(QStringLiteral("system:serviceaccount:prod:deployer"));
    waitForLayout(graph);
    ok &= save(&window, dir, QStringLiteral("15-graph-neighbourhood"));
    graph->expand(QStringLiteral("clusterrole:cluster-admin"));
    waitForLayout(graph);
    ok &= save(&window, dir, QStringLiteral("16-graph-expanded"));
    graph->startFrom(QStringLiteral("system:serviceaccount:dev:att-create-pods"));
    waitForLayout(graph);
    graph->showPaths(PermissionGraphPage::Target::TierZero, 3);
    waitForLayout(graph);
    ok &= save(&window, dir, QStringLiteral("16b-graph-k8s-paths"));
    graph->startFrom(QStringLiteral("path:ci-deploy-fleet"));
    waitForLayout(graph);
    graph->showPaths(PermissionGraphPage::Target::TierZero, 3);
    waitForLayout(graph);
    ok &= save(&window, dir, QStringLiteral("17-graph-path-to-tier-zero"));
    graph->search(QStringLiteral("dev"));
    waitForLayout(graph);
    graph->showPaths(PermissionGraphPage::Target::TierZero, 3);
    waitForLayout(graph);
    ok &= save(&window, dir, QStringLiteral("18-graph-assume-role-chain"));
    ok &= graph->exportSvg(dir.filePath(QStringLiteral("18-graph-assume-role-chain.svg"))).has_value();
    ok &= graph->exportPng(dir.filePath(QStringLiteral("18-graph-export.png"))).has_value();
    if (seedCredentials(ws, *session)) {
        window.showPage(MainWindow::Page::Credentials);
        auto* credentials = static_cast<CredentialsPage*>(window.page(MainWindow::Page::Credentials));
        credentials->table()->selectRow(2);
        ok &= save(&window, dir, QStringLiteral("19-credentials"));
        credentials->filterEdit()->setText(QStringLiteral("Отчёт"));
        ok &= save(&window, dir, QStringLiteral("20-credentials-filtered"));
        credentials->filterEdit()->clear();
    } else {
        std::fprintf(stderr, "could not seed credentials\n");
        ok = false;
    }

    window.showPage(MainWindow::Page::ReviewQueue);
    ok &= save(&window, dir, QStringLiteral("09-review-queue"));

    {
        TestWorkspace empty(false);
        FirstAdminDialog first(empty.app().accounts());
        first.show();
        ok &= save(&first, dir, QStringLiteral("10-first-admin"));
    }
    return ok ? 0 : 1;
}
