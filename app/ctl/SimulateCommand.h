#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl simulate run --gateway URL`: plays the agents of the workspace's active
/// decision paths against a running intake gateway, so the demo has a live queue.
/// Each path gets a fresh X.509-SVID from the workspace PKI (kept in memory only, never
/// written to disk) and sends realistic proposals built from its declared action types and
/// target patterns: SOC containment, helpdesk resets, access grants, refunds, cloud changes.
/// Some allowed actions report their execution; a few proposals are replayed with their
/// idempotency key, and a few go to an undeclared destination.
class SimulateCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("simulate"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;
};

} // namespace gatehouse
