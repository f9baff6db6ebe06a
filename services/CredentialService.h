#pragma once

#include <functional>
#include <optional>

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "AuditLedger.h"
#include "Clock.h"
#include "Credential.h"
#include "CredentialRepository.h"
#include "Database.h"
#include "Error.h"
#include "OperatorSession.h"
#include "SeverityTier.h"
#include "SigningKeyStore.h"
#include "Workspace.h"

namespace gatehouse {

struct ActionRecord;

/// A credential just minted, with its token (compact JWS). The token is handed to the
/// agent and never stored, logged or ledgered.
struct IssuedCredential
{
    Credential credential;
    QByteArray token;
};

/// What one sweep did.
struct CredentialSweep
{
    int expired = 0;       ///< credentials that left "active" because exp passed (one event each)
    int keysWithdrawn = 0; ///< retired keys whose last token expired (out of the JWKS, file wiped)
};

/// The credential issuer (issue #5, docs/credentials.md): single-use JWTs (EdDSA/Ed25519,
/// RFC 8037) for one allowed or approved action request, their verification key set
/// (JWKS), use, revocation, expiry and key rotation.
///
/// Claims (all times NumericDate, seconds UTC): iss, sub (the workload's SPIFFE ID), aud
/// (the target system: the part of the target before ':'), jti (UUID), iat = nbf = the
/// minting second, exp = iat + TTL, plus action_type, target, request_id, path_id, tier,
/// payload_sha256 (hex SHA-256 of the RFC 8785 form of the request body as received and
/// decided), policy_version, approvers (usernames, [] for a policy allow) and, when the
/// request names on_behalf_of, act {"sub": that user} (RFC 8693 section 4.1).
/// TTL: ttlSource(tier) (defaults T0/T1 900 s, T2 300 s, T3 120 s), never longer than the
/// request's review window (decision.review.ttl_seconds) when it had one; counted from
/// minting (FIELD-CASES 3).
///
/// Audit events (subject "credential:<jti>", correlation id = the request id; payloads
/// never hold a token or key material): credential.issued, credential.used,
/// credential.revoked (reason, scope credential|request|path|key), credential.expired
/// (exactly once, by sweep()); signing_key.created, signing_key.retired,
/// signing_key.withdrawn, signing_key.revoked (subject "signing-key:<kid>").
///
/// Two kinds of calls:
/// - "in the caller's transaction" (issueFor, markUsed, revokeFor*): the caller holds a
///   WriteTransaction on the same connection and has done its own permission checks;
///   these write rows and events and never commit; on an error the caller rolls back.
/// - the others take the actor's session, check Authorization and run their own
///   transaction.
class CredentialService
{
public:
    /// Returns the credential TTL in seconds for a tier; nullopt = the built-in default.
    using TtlSource = std::function<std::optional<qint64>(SeverityTier)>;

    static constexpr qint64 kMinTtlSeconds = 30;
    static constexpr qint64 kMaxTtlSeconds = 3600;

    CredentialService(const Workspace& workspace, Database& db, AuditLedger& ledger, const Clock& clock);

    /// The built-in TTLs: T0 and T1 900 s, T2 300 s, T3 120 s.
    static qint64 defaultTtlSeconds(SeverityTier tier);
    /// "okta:user/jdoe" -> "okta"; a target without ':' is its own audience.
    static QString audienceFor(const QString& target);
    void setTtlSource(TtlSource source) { m_ttlSource = std::move(source); }
    /// The iss claim (default "urn:gatehouse:credentials").
    void setIssuer(const QString& issuer) { m_issuer = issuer; }
    QString issuer() const { return m_issuer; }

    // ---- in the caller's WriteTransaction, no permission checks ----

    /// Mints the credential of \a request, whose status must already be allowed or approved
    /// (the row as the caller is about to commit it). \a approvers: usernames of the
    /// approving analysts, empty for a policy allow. \a maxTtlSeconds: a further cap on the
    /// lifetime (the review workflow's approval window). Creates the first signing key if
    /// there is none. Conflict if the request already has a credential, is in another state, or
    /// its path is not active; StorageFailure naming the file when the signing key's file
    /// mode is looser than 0600.
    [[nodiscard]] Result<IssuedCredential> issueFor(const ActionRecord& request, const QStringList& approvers,
                                                    std::optional<qint64> maxTtlSeconds = std::nullopt);
    /// The agent reported the result: the request's active credential becomes used (single
    /// use). False (no event) when it has none or it is no longer active.
    [[nodiscard]] Result<bool> markUsed(const QString& requestId, const QString& actor);
    /// Revokes the request's credential if it is active (completed, rejected, expired or
    /// rolled-back requests). Returns how many were revoked (0 or 1). \a actor is the
    /// ledger actor ("operator:ann", "system").
    [[nodiscard]] Result<int> revokeForRequest(const QString& requestId, const QString& reason,
                                               const QString& actor);
    /// Kill switch: revokes every active credential of a path (CatalogueService calls it
    /// when a path is suspended or retired, in the same transaction).
    [[nodiscard]] Result<int> revokeForPath(const QString& pathId, const QString& reason,
                                            const QString& actor);
    /// Revokes every active credential a key signed and the key itself (out of the JWKS at
    /// once; its file is wiped by the next sweep). If it was the active key, the next
    /// issue creates a new one. NotFound for an unknown kid.
    [[nodiscard]] Result<int> revokeForKey(const QString& kid, const QString& reason, const QString& actor);

    // ---- own transaction, permission-checked ----

    /// Any operator with a role (Authorization::canReadCatalogue).
    [[nodiscard]] Result<QList<Credential>> list(const OperatorSession& actor,
                                                 const CredentialFilter& filter) const;
    [[nodiscard]] Result<Credential> get(const OperatorSession& actor, const QString& jti) const;
    /// Revokes one active credential; \a reason required. Admins, the path's owner and
    /// analysts may (Authorization::canRevokeCredential). Conflict when it is not active.
    [[nodiscard]] Result<Credential> revoke(const OperatorSession& actor, const QString& jti,
                                            const QString& reason);
    /// revokeForKey on behalf of an admin; wipes the key file after commit.
    [[nodiscard]] Result<int> revokeKey(const OperatorSession& actor, const QString& kid,
                                        const QString& reason);
    /// Admin: a new active key; the old one is retired and stays in the JWKS until the last
    /// credential it signed has expired.
    [[nodiscard]] Result<SigningKeyInfo> rotateKey(const OperatorSession& actor);
    [[nodiscard]] Result<QList<SigningKeyInfo>> signingKeys(const OperatorSession& actor) const;

    // ---- system ----

    /// Records natural expiry: every active credential past exp becomes expired with one
    /// credential.expired event; retired keys whose last token expired are withdrawn and
    /// their files wiped. Idempotent: a second run at the same time does nothing.
    [[nodiscard]] Result<CredentialSweep> sweep();
    /// The JWK Set (RFC 7517 section 5, RFC 8037 OKP keys with kid, use "sig", alg
    /// "EdDSA"): the active key and every retired key that signed a credential whose exp
    /// is still ahead.
    [[nodiscard]] Result<QJsonObject> jwks() const;
    /// The request's credential, if one was minted.
    [[nodiscard]] Result<std::optional<Credential>> forRequest(const QString& requestId) const;
    /// The token of a live credential (re-signed: Ed25519 is deterministic, so this is
    /// the token minted). NotFound when the credential is not live.
    [[nodiscard]] Result<QByteArray> tokenOf(const Credential& credential);
    /// The "credential" member of GET /v1/actions/{id} (docs/api.md): nullopt before one is
    /// minted; while live {"token", "token_type": "Bearer", "jti", "kid", "aud",
    /// "expires_at", "status": "active"}; afterwards {"jti", "status", "expires_at"}
    /// without the token ("unavailable" when the signing key cannot be used).
    std::optional<QJsonObject> describeForAgent(const QString& requestId);
    /// A credential found by jti (no permission check: introspection, tests).
    [[nodiscard]] Result<std::optional<Credential>> find(const QString& jti) const;
    /// SigningKeyStore::checkAll: a signing key file readable by others stops start-up.
    [[nodiscard]] Status checkKeyFiles() const { return m_keys.checkAll(); }
    SigningKeyStore& keyStore() { return m_keys; }

private:
    [[nodiscard]] Result<SigningKeyInfo> activeKeyOrCreate();
    [[nodiscard]] Result<int> revokeAll(const QList<Credential>& credentials, const QString& reason,
                                        const QString& actor, const QString& scope);
    [[nodiscard]] Status appendKeyEvent(const QString& type, const SigningKeyInfo& key, const QString& actor,
                                        const QJsonObject& extra = {});
    qint64 ttlFor(SeverityTier tier) const;

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    SigningKeyStore m_keys;
    TtlSource m_ttlSource;
    QString m_issuer = QStringLiteral("urn:gatehouse:credentials");
};

} // namespace gatehouse
