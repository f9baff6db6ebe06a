#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl token verify TOKEN --aud X [--jwks FILE|workspace] [--leeway N]`: verifies a
/// credential offline exactly as a downstream system must (JwtVerifier: EdDSA pinned,
/// kid from the key set, signature, iss, aud, exp/nbf with leeway <= 30 s). TOKEN "-" reads
/// it from standard input, so it stays out of the process list. Exit 0 valid, 1 rejected
/// (the error code and message are printed, never the token). Revocation and single use
/// are only known to the gateway: ask POST /v1/introspect for those.
class TokenCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("token"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;
};

} // namespace gatehouse
