#pragma once

#include "AccountService.h"
#include "CatalogueService.h"
#include "Error.h"
#include "PermissionGraphService.h"

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

    /// After seed(): imports the demo permission graph (a small AWS account and a Kubernetes
    /// cluster's RBAC, bundled as resources :/demo/demo-aws-account.json and
    /// :/demo/demo-k8s-rbac.yaml, written for the demo) and declares what four demo paths run
    /// as, so the graph page, the catalogue's amplification and the review pane's blast radius
    /// have something real to show. Errors from the importers or services as they are.
    [[nodiscard]] static Status seedGraph(PermissionGraphService& graph, CatalogueService& catalogue,
                                          const Clock& clock);
};

} // namespace gatehouse
