#pragma once

#include <QString>

namespace gatehouse {

class AccountService;
class AuditLedger;
class CatalogueService;
class Clock;
class IntakeGateway;
class PolicyService;
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
};

} // namespace gatehouse
