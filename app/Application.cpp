#include "Application.h"

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
    app->m_credentialApi = std::make_unique<CredentialApi>(*app->m_database, *app->m_ledger, *app->m_credentials,
                                                           *app->m_intake, *app->m_clock);
    app->m_gateway = std::make_unique<IntakeGateway>(*app->m_intake, *app->m_pki, *app->m_clock);
    app->m_gateway->setCredentialApi(app->m_credentialApi.get());
    Logging::info(
        "db", QStringLiteral("workspace %1 open (schema %2)").arg(dir).arg(app->m_database->schemaVersion()));
    return app;
}

} // namespace gatehouse
