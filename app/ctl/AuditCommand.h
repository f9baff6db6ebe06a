#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl audit ...`: the hash-chained audit ledger.
/// verify: recomputes the chain (no sign-in needed: it reads hashes, not secrets, and a
/// CI job must be able to run it); exit 0 when intact, 1 naming the first bad event.
/// list: events, filtered by literal text, subject and sequence number.
class AuditCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("audit"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int verify(CtlContext& context);
    int list(const QCommandLineParser& parser, CtlContext& context);
};

} // namespace gatehouse
