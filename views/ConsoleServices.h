#pragma once

#include <memory>

#include <QString>

namespace gatehouse {

class AccountService;
class AuditLedger;
class CatalogueService;
class Clock;
class CredentialService;
class IntakeGateway;
class OperatorSigningKey;
class PermissionGraphService;
class PolicyService;
class ReviewService;
class WebhookService;
class WorkspaceChangeWatcher;
class WorkspaceSettings;

/// The services the console's views call, handed over by the composition root
/// (app/Application) so that views never build or look up services themselves.
/// Holds references: the services must outlive every view that uses them.
struct ConsoleServices
{
    CatalogueService& catalogue;
    AuditLedger& ledger;
    AccountService& accounts;
    WorkspaceSettings& settings;
    const Clock& clock;
    QString workspaceDirectory;
    PolicyService& policy;
    /// The in-console intake gateway (the Overview page's switch); null hides the switch.
    IntakeGateway* gateway = nullptr;
    /// The review workflow; null hides the review actions.
    ReviewService* review = nullptr;
    /// The signed-in operator's review-signing key, unsealed at sign-in; null = cannot sign.
    std::shared_ptr<OperatorSigningKey> signingKey;
    /// Emits changed() when another connection or process wrote the workspace; may be null.
    WorkspaceChangeWatcher* changes = nullptr;
    /// Outgoing notifications; the Overview shows their backlog and failures. Null hides the line.
    WebhookService* webhooks = nullptr;
    /// The permission graph (page, catalogue amplification); null shows a placeholder.
    PermissionGraphService* graph = nullptr;
    /// The credential issuer (issue #5): the Credentials page and the review detail's
    /// credential section. Null keeps the page a placeholder and hides the section.
    CredentialService* credentials = nullptr;
};

} // namespace gatehouse
