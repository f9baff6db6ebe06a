#pragma once

#include <memory>

#include <QString>

#include "AccountService.h"
#include "AuditLedger.h"
#include "CatalogueService.h"
#include "Clock.h"
#include "CredentialApi.h"
#include "CredentialService.h"
#include "Database.h"
#include "Error.h"
#include "IntakeGateway.h"
#include "IntakeService.h"
#include "PasswordHasher.h"
#include "PermissionGraphService.h"
#include "PkiService.h"
#include "OperatorKeyService.h"
#include "PolicyService.h"
#include "ReviewService.h"
#include "WebhookService.h"
#include "Workspace.h"
#include "WorkspaceSettings.h"

namespace gatehouse {

/// How to open a workspace. Tests pass a fake clock and cheap scrypt parameters.
struct ApplicationConfig
{
    QString workspaceDir; ///< empty = Workspace::defaultDirectory()
    QString logLevel = QStringLiteral("info");
    std::shared_ptr<const Clock> clock; ///< null = SystemClock
    ScryptParameters scrypt;
    bool initLogging = true; ///< false in tests that only want stderr
};

/// Composition root shared by gatehouse, gatehousectl and gatehoused: prepares the
/// workspace folder, starts logging, runs the crypto self-test, opens the database
/// (migrations) and builds the services in dependency order.
class Application
{
public:
    /// Errors: CryptoFailure (self-test), StorageFailure, DamagedDatabase, IncompatibleSchema;
    /// StorageFailure naming the file and its mode when a credential signing key file in
    /// keys/ is readable by group or others (refuse to start).
    [[nodiscard]] static Result<std::unique_ptr<Application>> open(const ApplicationConfig& config);
    ~Application();

    const Workspace& workspace() const { return m_workspace; }
    const Clock& clock() const { return *m_clock; }
    Database& database() { return *m_database; }
    AuditLedger& ledger() { return *m_ledger; }
    AccountService& accounts() { return *m_accounts; }
    CatalogueService& catalogue() { return *m_catalogue; }
    WorkspaceSettings& settings() { return *m_settings; }
    PolicyService& policy() { return *m_policy; }
    PkiService& pki() { return *m_pki; }
    PermissionGraphService& graph() { return *m_graph; }
    /// Intake API logic; decides through policy().
    IntakeService& intake() { return *m_intake; }
    /// Operators' review-signing keys.
    OperatorKeyService& operatorKeys() { return *m_operatorKeys; }
    /// The human review workflow (queue, approvals, expiry).
    ReviewService& review() { return *m_review; }
    /// Outgoing review notifications: endpoints and the outbox (delivered by a WebhookDispatcher
    /// that the console and gatehoused run).
    WebhookService& webhooks() { return *m_webhooks; }
    /// Credential issuer: mints on allow (IntakeService) and approval (ReviewService hooks),
    /// revokes on suspension (CatalogueService) and when a request closes, serves the JWKS
    /// and introspection.
    CredentialService& credentials() { return *m_credentials; }
    /// The HTTPS intake gateway (stopped until start()): gatehoused and the console's switch.
    IntakeGateway& gateway() { return *m_gateway; }

private:
    Application() = default;
    Workspace m_workspace;
    std::shared_ptr<const Clock> m_clock;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<AuditLedger> m_ledger;
    std::unique_ptr<AccountService> m_accounts;
    std::unique_ptr<CatalogueService> m_catalogue;
    std::unique_ptr<WorkspaceSettings> m_settings;
    std::unique_ptr<PolicyService> m_policy;
    std::unique_ptr<PkiService> m_pki;
    std::unique_ptr<PermissionGraphService> m_graph;
    std::unique_ptr<CredentialService> m_credentials;
    std::unique_ptr<IntakeService> m_intake;
    std::unique_ptr<CredentialApi> m_credentialApi;
    std::unique_ptr<OperatorKeyService> m_operatorKeys;
    std::unique_ptr<ReviewService> m_review;
    std::unique_ptr<WebhookService> m_webhooks;
    std::unique_ptr<IntakeGateway> m_gateway;
};

} // namespace gatehouse
