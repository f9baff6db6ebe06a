#include "CredentialApi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include "CredentialService.h"
#include "JwtVerifier.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

const QString kRoute = QStringLiteral("POST /v1/introspect");

/// application/x-www-form-urlencoded (WHATWG URL "application/x-www-form-urlencoded
/// parser"): name=value pairs separated by '&', '+' is a space, %XX escapes.
QList<std::pair<QString, QByteArray>> parseForm(const QByteArray& body)
{
    QList<std::pair<QString, QByteArray>> out;
    for (const QByteArray& pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        out.append({QString::fromUtf8(QByteArray::fromPercentEncoding(name)),
                    QByteArray::fromPercentEncoding(value)});
    }
    return out;
}

} // namespace

CredentialApi::CredentialApi(Database& db, AuditLedger& ledger, CredentialService& credentials,
                             IntakeService& intake, const Clock& clock)
    : m_db(db), m_ledger(ledger), m_credentials(credentials), m_intake(intake), m_clock(clock)
{}

CredentialApi::~CredentialApi() = default;

IntakeReply CredentialApi::jwks()
{
    auto set = m_credentials.jwks();
    if (!set)
        return {503, IntakeService::errorBody(QStringLiteral("storage_unavailable"), set.error().message)};
    return {200, *set};
}

const JwtVerifier* CredentialApi::verifier(QString* why)
{
    auto set = m_credentials.jwks();
    if (!set) {
        *why = set.error().message;
        return nullptr;
    }
    const QByteArray fingerprint = QJsonDocument(*set).toJson(QJsonDocument::Compact);
    if (m_verifier && fingerprint == m_verifierKeys)
        return m_verifier.get();
    m_verifier.reset();
    auto keys = JwtVerifier::keysFromJwks(*set);
    if (!keys) {
        *why = keys.error().message;
        return nullptr;
    }
    if (keys->isEmpty()) {
        *why = QStringLiteral("no signing key has been created yet");
        return nullptr;
    }
    JwtVerifierOptions options;
    options.issuer = m_credentials.issuer();
    auto made = JwtVerifier::create(std::move(*keys), options);
    if (!made) {
        *why = made.error().message;
        return nullptr;
    }
    m_verifier = std::make_unique<JwtVerifier>(std::move(*made));
    m_verifierKeys = fingerprint;
    return m_verifier.get();
}

IntakeReply CredentialApi::inactive(const IntakeCaller& caller, const QString& code, const QString& reason,
                                    const QString& jti, const QString& requestId)
{
    QJsonObject payload{{QStringLiteral("code"), code},
                        {QStringLiteral("reason"), reason.left(1000)},
                        {QStringLiteral("route"), kRoute}};
    if (!caller.remoteAddress.isEmpty())
        payload.insert(QStringLiteral("remote_address"), caller.remoteAddress);
    if (!jti.isEmpty())
        payload.insert(QStringLiteral("jti"), jti);
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return {503, IntakeService::errorBody(QStringLiteral("audit_unavailable"),
                                              QStringLiteral("audit unavailable: introspection refused"))};
    auto ev = m_ledger.append(
        {QStringLiteral("credential.rejected"), QStringLiteral("workload:") + caller.workloadId,
         jti.isEmpty() ? QStringLiteral("credential:unknown") : QStringLiteral("credential:") + jti,
         requestId, payload});
    if (!ev || !tx.commit())
        return {503, IntakeService::errorBody(QStringLiteral("audit_unavailable"),
                                              QStringLiteral("audit unavailable: introspection refused"))};
    return {200, QJsonObject{{QStringLiteral("active"), false}}};
}

IntakeReply CredentialApi::introspect(const IntakeCaller& caller, const QByteArray& body)
{
    if (caller.workloadId.isEmpty())
        return m_intake.refuse(caller, 401, QStringLiteral("unauthenticated"),
                               QStringLiteral("a valid X.509-SVID client certificate is required"), {},
                               kRoute);
    QByteArray token;
    int tokens = 0;
    for (const auto& [name, value] : parseForm(body)) {
        if (name == QStringLiteral("token")) {
            token = value;
            ++tokens;
        }
    }
    if (tokens != 1)
        return m_intake.refuse(caller, 400, QStringLiteral("bad_request"),
                               tokens == 0
                                   ? QStringLiteral("the form has no \"token\" parameter (RFC 7662 2.1)")
                                   : QStringLiteral("the form has more than one \"token\" parameter"),
                               QStringLiteral("token"), kRoute);
    QString why;
    const JwtVerifier* v = verifier(&why);
    if (!v)
        return inactive(caller, QStringLiteral("no_keys"), why, {}, {});
    auto verified = v->verify(token, m_clock.now());
    if (!verified)
        return inactive(caller, verified.error().code(), verified.error().message, {}, {});
    auto stored = m_credentials.find(verified->jti);
    if (!stored)
        return {503, IntakeService::errorBody(QStringLiteral("storage_unavailable"), stored.error().message)};
    if (!stored->has_value())
        return inactive(caller, QStringLiteral("unknown_credential"),
                        QStringLiteral("no credential with this jti was issued"), verified->jti, {});
    const Credential& c = **stored;
    if (c.status != CredentialStatus::Active)
        return inactive(caller, QStringLiteral("credential_") + credentialStatusName(c.status),
                        QStringLiteral("the credential is %1").arg(credentialStatusName(c.status)), c.jti,
                        c.requestId);
    if (!c.isLive(m_clock.now()))
        return inactive(caller, QStringLiteral("expired"), QStringLiteral("the credential is past its exp"),
                        c.jti, c.requestId);
    QJsonObject answer = verified->claims;
    answer.insert(QStringLiteral("active"), true);
    answer.insert(QStringLiteral("scope"), c.actionType);
    answer.insert(QStringLiteral("client_id"), c.pathId);
    answer.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
    return {200, answer};
}

} // namespace gatehouse
