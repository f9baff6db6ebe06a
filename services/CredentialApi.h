#pragma once

#include <memory>

#include <QByteArray>
#include <QString>

#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "IntakeService.h"

namespace gatehouse {

class CredentialService;
class JwtVerifier;

/// The credential endpoints of the gateway without their transport (docs/api.md):
/// - GET /.well-known/jwks.json: CredentialService::jwks(), no client certificate needed
///   (public keys only);
/// - POST /v1/introspect (RFC 7662): body application/x-www-form-urlencoded with exactly
///   one "token" (and an optional "token_type_hint", ignored); the caller is any workload
///   whose X.509-SVID verified (the gateway checks that first). The token is verified with
///   the JWKS (EdDSA pinned, issuer checked, no audience check, no leeway) and then looked
///   up: only a credential that is stored, active and before its exp is {"active": true,
///   ...claims, "scope": action_type, "client_id": path_id, "token_type": "Bearer"}.
///   Everything else is {"active": false} with nothing more (RFC 7662 section 2.2), and is
///   audited as "credential.rejected" (payload: code, reason; never the token).
class CredentialApi
{
public:
    CredentialApi(Database& db, AuditLedger& ledger, CredentialService& credentials, IntakeService& intake,
                  const Clock& clock);
    ~CredentialApi();

    IntakeReply jwks();
    IntakeReply introspect(const IntakeCaller& caller, const QByteArray& body);

private:
    /// A verifier for the current JWKS (rebuilt when the key set changes).
    const JwtVerifier* verifier(QString* why);
    IntakeReply inactive(const IntakeCaller& caller, const QString& code, const QString& reason,
                         const QString& jti, const QString& requestId);

    Database& m_db;
    AuditLedger& m_ledger;
    CredentialService& m_credentials;
    IntakeService& m_intake;
    const Clock& m_clock;
    std::unique_ptr<JwtVerifier> m_verifier;
    QByteArray m_verifierKeys; ///< the JWKS m_verifier was built from
};

} // namespace gatehouse
