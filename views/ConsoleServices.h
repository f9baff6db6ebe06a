#pragma once

#include <QString>

namespace gatehouse {

class AccountService;
class AuditLedger;
class CatalogueService;
class Clock;
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
};

} // namespace gatehouse
