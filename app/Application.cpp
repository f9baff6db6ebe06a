#include "Application.h"

#include <QDir>

#include "CryptoPrimitives.h"
#include "Logging.h"

namespace gatehouse {

Application::~Application() = default;

Result<std::unique_ptr<Application>> Application::open(const ApplicationConfig& config)
{
    const QString dir = config.workspaceDir.isEmpty() ? Workspace::defaultDirectory() : config.workspaceDir;
    auto workspace = Workspace::prepare(dir);
    if (!workspace)
        return std::unexpected(workspace.error());
    if (config.initLogging)
        Logging::init(workspace->logsDirectory(), config.logLevel);

    if (auto st = CryptoPrimitives::selfTest(); !st)
        return std::unexpected(st.error());

    auto db = Database::open(workspace->databaseFile());
    if (!db)
        return std::unexpected(db.error());

    std::unique_ptr<Application> app(new Application);
    app->m_workspace = *workspace;
    app->m_clock = config.clock ? config.clock : std::make_shared<SystemClock>();
    app->m_database = std::move(*db);
    app->m_ledger = std::make_unique<AuditLedger>(app->m_database->connection(), *app->m_clock);
    app->m_accounts = std::make_unique<AccountService>(*app->m_database, *app->m_ledger, *app->m_clock,
                                                       PasswordHasher(config.scrypt));
    app->m_catalogue = std::make_unique<CatalogueService>(*app->m_database, *app->m_ledger, *app->m_clock);
    app->m_settings = std::make_unique<WorkspaceSettings>(app->m_database->connection());
    app->m_policy = std::make_unique<PolicyService>(*app->m_database, *app->m_ledger, *app->m_clock);
    app->m_graph = std::make_unique<PermissionGraphService>(*app->m_database, *app->m_ledger, *app->m_clock);
    app->m_pki =
        std::make_unique<PkiService>(app->m_workspace, *app->m_database, *app->m_ledger, *app->m_clock);
    PolicyService* policy = app->m_policy.get();
    app->m_intake =
        std::make_unique<IntakeService>(*app->m_database, *app->m_ledger, *app->m_clock,
                                        [policy](const ActionRequest& request, const DecisionPath& path) {
                                            return policy->decide(request, path);
                                        });
    app->m_credentials = std::make_unique<CredentialService>(app->m_workspace, *app->m_database,
                                                             *app->m_ledger, *app->m_clock);
    if (auto st = app->m_credentials->checkKeyFiles(); !st)
        return std::unexpected(st.error());
    app->m_credentials->setTtlSource(
        [policy](SeverityTier tier) { return policy->credentialTtlSeconds(tier); });
    app->m_intake->setCredentials(app->m_credentials.get());
    app->m_catalogue->setCredentials(app->m_credentials.get());
    app->m_credentialApi = std::make_unique<CredentialApi>(
        *app->m_database, *app->m_ledger, *app->m_credentials, *app->m_intake, *app->m_clock);
    app->m_operatorKeys =
        std::make_unique<OperatorKeyService>(*app->m_database, *app->m_ledger, *app->m_clock, config.scrypt);
    app->m_review = std::make_unique<ReviewService>(*app->m_database, *app->m_ledger, *app->m_clock,
                                                    *app->m_operatorKeys);
    app->m_review->setGraph(app->m_graph.get());
    ReviewService* review = app->m_review.get();
    app->m_webhooks = std::make_unique<WebhookService>(*app->m_database, *app->m_ledger, *app->m_clock,
                                                       QDir(app->m_workspace.directory()).dirName());
    WebhookService* webhooks = app->m_webhooks.get();
    // Notifications only go into the outbox inside the review's transaction; the network
    // is the dispatcher's business (FIELD-CASES 7).
    ReviewHooks reviewHooks;
    reviewHooks.notify = [webhooks](const QString& eventType, const QJsonObject& body) {
        return webhooks->enqueue(eventType, body);
    };
    // Approval mints the request's credential, in the review's transaction; a closed case
    // (rejected, expired, approval lapsed) revokes whatever it may hold. The TTL never
    // outlives the approval window.
    CredentialService* credentials = app->m_credentials.get();
    reviewHooks.approved = [credentials, review](const ActionRecord& approved,
                                                 const QStringList& approvers) -> Status {
        auto issued = credentials->issueFor(approved, approvers, review->settings().approvalWindowSeconds);
        if (!issued)
            return std::unexpected(issued.error());
        return {};
    };
    reviewHooks.closed = [credentials](const QString& requestId, const QString& reason) -> Status {
        auto revoked = credentials->revokeForRequest(requestId, QStringLiteral("request ") + reason,
                                                     QStringLiteral("system"));
        if (!revoked)
            return std::unexpected(revoked.error());
        return {};
    };
    review->setHooks(std::move(reviewHooks));
    app->m_intake->setHooks(IntakeHooks{
        [review](const ActionRecord& record, const DecisionPath& path) {
            return review->openCase(record, path);
        },
        [review] {
            if (auto swept = review->sweep(); !swept)
                Logging::warn("review", QStringLiteral("expiry sweep failed: %1").arg(swept.error().message));
        },
        [review](const ActionRecord& record, QJsonObject& body) {
            const QJsonObject view = review->agentView(record);
            if (!view.isEmpty())
                body.insert(QStringLiteral("review"), view);
        }});
    app->m_gateway = std::make_unique<IntakeGateway>(*app->m_intake, *app->m_pki, *app->m_clock);
    app->m_gateway->setCredentialApi(app->m_credentialApi.get());
    Logging::info(
        "db", QStringLiteral("workspace %1 open (schema %2)").arg(dir).arg(app->m_database->schemaVersion()));
    return app;
}

} // namespace gatehouse
