#include "CredentialsCommand.h"

#include <QJsonArray>
#include <QJsonObject>

#include "Application.h"
#include "Base64Url.h"
#include "CtlContext.h"
#include "CtlVerb.h"
#include "TerminalText.h"
#include "TextTable.h"

namespace gatehouse {

namespace {

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject credentialJson(const Credential& c)
{
    QJsonObject o{{QStringLiteral("jti"), c.jti},
                  {QStringLiteral("request_id"), c.requestId},
                  {QStringLiteral("path_id"), c.pathId},
                  {QStringLiteral("kid"), c.kid},
                  {QStringLiteral("sub"), c.subject},
                  {QStringLiteral("aud"), c.audience},
                  {QStringLiteral("action_type"), c.actionType},
                  {QStringLiteral("target"), c.target},
                  {QStringLiteral("status"), credentialStatusName(c.status)},
                  {QStringLiteral("issued_at"), iso(c.issuedAt)},
                  {QStringLiteral("expires_at"), iso(c.expiresAt)},
                  {QStringLiteral("ttl_seconds"), c.ttlSeconds},
                  {QStringLiteral("claims"), c.claims}};
    if (c.statusChangedAt.isValid()) {
        o.insert(QStringLiteral("status_changed_at"), iso(c.statusChangedAt));
        o.insert(QStringLiteral("status_actor"), c.statusActor);
    }
    if (!c.revokeReason.isEmpty())
        o.insert(QStringLiteral("revoke_reason"), c.revokeReason);
    return o;
}

QJsonObject keyJson(const SigningKeyInfo& k)
{
    QJsonObject o{{QStringLiteral("kid"), k.kid},
                  {QStringLiteral("status"), signingKeyStatusName(k.status)},
                  {QStringLiteral("public_key"), QString::fromLatin1(Base64Url::encode(k.publicKey))},
                  {QStringLiteral("created_at"), iso(k.createdAt)}};
    if (k.retiredAt.isValid())
        o.insert(QStringLiteral("retired_at"), iso(k.retiredAt));
    if (k.lastExpiry.isValid())
        o.insert(QStringLiteral("last_expiry"), iso(k.lastExpiry));
    if (!k.reason.isEmpty())
        o.insert(QStringLiteral("reason"), k.reason);
    return o;
}

/// "4m 10s left", "expired", or the final state.
QString timeLeft(const Credential& c, const QDateTime& now)
{
    if (c.status != CredentialStatus::Active)
        return QStringLiteral("-");
    const qint64 left = now.secsTo(c.expiresAt);
    if (left <= 0)
        return QStringLiteral("expired (not swept)");
    return QStringLiteral("%1m %2s").arg(left / 60).arg(left % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QString CredentialsCommand::summary() const
{
    return QStringLiteral("Single-use action credentials: list, revoke, rotate the signing key.");
}

QList<CtlVerb> CredentialsCommand::verbs() const
{
    return {
        {QStringLiteral("list"),
         {},
         0,
         0,
         QStringLiteral("List credentials, newest first"),
         {option("status", "active, used, revoked or expired.", "status"),
          option("path", "Only credentials of this decision path.", "id"),
          option("request", "Only the credential of this action request.", "id"),
          option("kid", "Only credentials signed by this key.", "kid"),
          option("limit", "At most N (default 1000).", "n")},
         {},
         {}},
        {QStringLiteral("show"),
         QStringLiteral("JTI"),
         1,
         1,
         QStringLiteral("Show one credential and its claims"),
         {},
         {},
         {}},
        {QStringLiteral("revoke"),
         QStringLiteral("JTI"),
         1,
         1,
         QStringLiteral("Revoke one active credential at once"),
         {option("reason", "Why (required; ledgered).", "text")},
         {},
         QStringLiteral("Allowed to admins, analysts and the owner of the credential's path. The\n"
                        "approval of the request is not changed: revocation is its own record.")},
        {QStringLiteral("rotate-key"),
         {},
         0,
         0,
         QStringLiteral("Start signing with a new Ed25519 key (admin)"),
         {},
         {},
         QStringLiteral("The old key is retired: it stays in the JWKS until the last credential it\n"
                        "signed has expired, then the sweeper withdraws it and wipes its file.")},
        {QStringLiteral("revoke-key"),
         QStringLiteral("KID"),
         1,
         1,
         QStringLiteral("Revoke a signing key and every credential it signed (admin)"),
         {option("reason", "Why (required; ledgered).", "text")},
         {},
         QStringLiteral("For a compromised key: it leaves the JWKS at once and its file is wiped.\n"
                        "If it was the active key, the next credential is signed by a new one.")},
        {QStringLiteral("keys"),
         {},
         0,
         0,
         QStringLiteral("List the signing keys and their state"),
         {},
         {},
         {}},
        {QStringLiteral("sweep"),
         {},
         0,
         0,
         QStringLiteral("Record natural expiry now (credential.expired, once each)"),
         {},
         {},
         QStringLiteral("gatehoused does this every 15 seconds. Needs no --user.")},
    };
}

int CredentialsCommand::run(const QString& verb, const QCommandLineParser& parser,
                            const QStringList& arguments, CtlContext& context)
{
    if (verb == QStringLiteral("list"))
        return list(parser, context);
    if (verb == QStringLiteral("show"))
        return show(arguments.at(0), context);
    if (verb == QStringLiteral("revoke"))
        return revoke(arguments.at(0), parser, context);
    if (verb == QStringLiteral("rotate-key"))
        return rotateKey(context);
    if (verb == QStringLiteral("revoke-key"))
        return revokeKey(arguments.at(0), parser, context);
    if (verb == QStringLiteral("keys"))
        return keys(context);
    return sweep(context);
}

int CredentialsCommand::list(const QCommandLineParser& parser, CtlContext& context)
{
    CredentialFilter filter;
    if (parser.isSet(QStringLiteral("status"))) {
        filter.status = parseCredentialStatus(parser.value(QStringLiteral("status")));
        if (!filter.status)
            return context.usageError(QStringLiteral("--status must be active, used, revoked or expired"));
    }
    filter.pathId = parser.value(QStringLiteral("path"));
    filter.requestId = parser.value(QStringLiteral("request"));
    filter.kid = parser.value(QStringLiteral("kid"));
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        filter.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter.limit < 1 || filter.limit > 1000000)
            return context.usageError(QStringLiteral("--limit must be a number from 1 to 1000000"));
    }
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto found = (*app)->credentials().list(*session, filter);
    if (!found)
        return context.report(found.error());
    if (context.json()) {
        QJsonArray array;
        for (const Credential& c : *found)
            array.append(credentialJson(c));
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    const QDateTime now = (*app)->clock().now();
    TextTable table({QStringLiteral("JTI"), QStringLiteral("STATUS"), QStringLiteral("LEFT"),
                     QStringLiteral("PATH"), QStringLiteral("ACTION"), QStringLiteral("AUD"),
                     QStringLiteral("EXPIRES (UTC)")});
    for (const Credential& c : *found)
        table.addRow({c.jti, credentialStatusName(c.status), timeLeft(c, now),
                      TerminalText::cell(c.pathId, 40), TerminalText::cell(c.actionType, 40),
                      TerminalText::cell(c.audience, 30), iso(c.expiresAt)});
    table.print(context.out());
    return CtlContext::kExitOk;
}

int CredentialsCommand::show(const QString& jti, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto c = (*app)->credentials().get(*session, jti);
    if (!c)
        return context.report(c.error());
    if (context.json()) {
        context.printJson(credentialJson(*c));
        return CtlContext::kExitOk;
    }
    QTextStream& out = context.out();
    out << "jti:         " << c->jti << '\n'
        << "status:      " << credentialStatusName(c->status) << '\n'
        << "request:     " << c->requestId << '\n'
        << "path:        " << TerminalText::printable(c->pathId) << '\n'
        << "subject:     " << TerminalText::printable(c->subject) << '\n'
        << "audience:    " << TerminalText::printable(c->audience) << '\n'
        << "action:      " << TerminalText::printable(c->actionType) << " on "
        << TerminalText::printable(c->target) << '\n'
        << "issued:      " << iso(c->issuedAt) << '\n'
        << "expires:     " << iso(c->expiresAt) << " (TTL " << c->ttlSeconds << " s, "
        << timeLeft(*c, (*app)->clock().now()) << ")\n"
        << "signing key: " << c->kid << '\n';
    if (c->statusChangedAt.isValid())
        out << "changed:     " << iso(c->statusChangedAt) << " by " << TerminalText::printable(c->statusActor)
            << '\n';
    if (!c->revokeReason.isEmpty())
        out << "reason:      " << TerminalText::printable(c->revokeReason) << '\n';
    return CtlContext::kExitOk;
}

int CredentialsCommand::revoke(const QString& jti, const QCommandLineParser& parser, CtlContext& context)
{
    if (parser.value(QStringLiteral("reason")).trimmed().isEmpty())
        return context.usageError(QStringLiteral("--reason is required"));
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto c = (*app)->credentials().revoke(*session, jti, parser.value(QStringLiteral("reason")));
    if (!c)
        return context.report(c.error());
    if (context.json())
        context.printJson(credentialJson(*c));
    else
        context.out() << "credential " << c->jti << " revoked (request " << c->requestId << ")\n";
    return CtlContext::kExitOk;
}

int CredentialsCommand::rotateKey(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto k = (*app)->credentials().rotateKey(*session);
    if (!k)
        return context.report(k.error());
    if (context.json())
        context.printJson(keyJson(*k));
    else
        context.out() << "signing key " << k->kid << " is now active; the previous key stays in the JWKS "
                      << "until its last credential expires\n";
    return CtlContext::kExitOk;
}

int CredentialsCommand::revokeKey(const QString& kid, const QCommandLineParser& parser, CtlContext& context)
{
    if (parser.value(QStringLiteral("reason")).trimmed().isEmpty())
        return context.usageError(QStringLiteral("--reason is required"));
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto n = (*app)->credentials().revokeKey(*session, kid, parser.value(QStringLiteral("reason")));
    if (!n)
        return context.report(n.error());
    if (context.json())
        context.printJson(
            QJsonObject{{QStringLiteral("kid"), kid}, {QStringLiteral("credentials_revoked"), *n}});
    else
        context.out() << "signing key " << kid << " revoked with " << *n << " active credential(s)\n";
    return CtlContext::kExitOk;
}

int CredentialsCommand::keys(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto found = (*app)->credentials().signingKeys(*session);
    if (!found)
        return context.report(found.error());
    if (context.json()) {
        QJsonArray array;
        for (const SigningKeyInfo& k : *found)
            array.append(keyJson(k));
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    TextTable table({QStringLiteral("KID"), QStringLiteral("STATUS"), QStringLiteral("CREATED (UTC)"),
                     QStringLiteral("LAST TOKEN EXPIRES")});
    for (const SigningKeyInfo& k : *found)
        table.addRow({k.kid, signingKeyStatusName(k.status), iso(k.createdAt),
                      k.lastExpiry.isValid() ? iso(k.lastExpiry) : QStringLiteral("-")});
    table.print(context.out());
    return CtlContext::kExitOk;
}

int CredentialsCommand::sweep(CtlContext& context)
{
    auto app = context.open();
    if (!app)
        return context.report(app.error());
    auto done = (*app)->credentials().sweep();
    if (!done)
        return context.report(done.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("expired"), done->expired},
                                      {QStringLiteral("keys_withdrawn"), done->keysWithdrawn}});
    else
        context.out() << done->expired << " credential(s) expired, " << done->keysWithdrawn
                      << " signing key(s) withdrawn\n";
    return CtlContext::kExitOk;
}

} // namespace gatehouse
