#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl credentials ...`: the single-use action credentials (docs/credentials.md).
/// list/show/keys read (any role); revoke needs an admin, an analyst or the path's owner;
/// rotate-key and revoke-key need an admin; sweep records natural expiry (no sign-in: it
/// only writes what the clock already decided, and gatehoused runs it on a timer too).
/// Tokens are never printed: a credential is shown by its jti and claims.
class CredentialsCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("credentials"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int list(const QCommandLineParser& parser, CtlContext& context);
    int show(const QString& jti, CtlContext& context);
    int revoke(const QString& jti, const QCommandLineParser& parser, CtlContext& context);
    int rotateKey(CtlContext& context);
    int revokeKey(const QString& kid, const QCommandLineParser& parser, CtlContext& context);
    int keys(CtlContext& context);
    int sweep(CtlContext& context);
};

} // namespace gatehouse
