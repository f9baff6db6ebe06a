#pragma once

#include "AccountService.h"
#include "CatalogueService.h"
#include "Error.h"

namespace gatehouse {

/// Fills an empty workspace with the demo: accounts admin, analyst1..3, manager1 and one
/// owner per team (owner-secops, owner-helpdesk, owner-access, owner-finance,
/// owner-cloudops, owner-dataprot), all with kDemoPassword, and 16 decision paths across
/// tiers T0..T3 with their history (created, activated, edited, suspended) in the ledger.
class DemoSeeder
{
public:
    static constexpr const char* kDemoPassword = "gatehouse-demo";

    /// Conflict if the workspace already has accounts. Marks the workspace as a demo.
    /// \a clock dates the review schedule (some reviews are deliberately overdue).
    [[nodiscard]] static Status seed(Database& db, AccountService& accounts, CatalogueService& catalogue,
                                     const Clock& clock);
};

} // namespace gatehouse
