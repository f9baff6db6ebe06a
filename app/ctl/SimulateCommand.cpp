#include "SimulateCommand.h"

#include <memory>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>
#include <QUrl>

#include "Application.h"
#include "CredentialService.h"
#include "CtlContext.h"
#include "CtlVerb.h"
#include "JwtVerifier.h"
#include "TerminalText.h"

namespace gatehouse {

namespace {

struct Agent
{
    DecisionPath path;
    QSslConfiguration tls;
    /// One per agent: QNetworkAccessManager pools connections by host and port, not by
    /// client certificate, so a shared one would send one agent's requests as another.
    std::shared_ptr<QNetworkAccessManager> nam;
};

struct Answer
{
    int status = 0;
    QJsonObject json;
    QString error;
};

template <typename T> const T& pick(QRandomGenerator& rng, const QList<T>& list)
{
    return list.at(static_cast<qsizetype>(rng.bounded(static_cast<quint32>(list.size()))));
}

/// A plausible value for the '*' of a target pattern, by what the pattern names.
QString fill(QRandomGenerator& rng, const QString& pattern)
{
    auto from = [&](std::initializer_list<const char*> items) {
        QList<QString> list;
        for (const char* i : items)
            list << QString::fromLatin1(i);
        return pick(rng, list);
    };
    QString value;
    if (pattern.contains(QStringLiteral("user/")))
        value = from({"jdoe", "asmith", "mkumar", "lchen", "rgarcia", "okoroafor", "bnilsson"});
    else if (pattern.contains(QStringLiteral("host/")))
        value = from({"ws-0421", "srv-db-07", "lt-fin-112", "ws-1187", "vdi-ops-03"});
    else if (pattern.contains(QStringLiteral("group/")))
        value = from({"vpn", "figma", "jira-users", "lunch-club"});
    else if (pattern.contains(QStringLiteral("role/")))
        value = from({"billing-reader", "orders-writer", "reports-viewer", "support-agent"});
    else if (pattern.contains(QStringLiteral("approle/")))
        value = from({"crm.read", "hr.viewer", "finance.approver"});
    else if (pattern.contains(QStringLiteral("deployment/")))
        value = from({"checkout", "search", "ingest", "notifications"});
    else if (pattern.contains(QStringLiteral("kv/")))
        value = from({"payments/api-key", "crm/db-password", "ci/deploy-token"});
    else if (pattern.contains(QStringLiteral("file/")))
        value = from({"q3-forecast.xlsx", "customer-export.csv", "onboarding.docx"});
    else if (pattern.contains(QStringLiteral("edge-")))
        value = from({"eu1", "us2", "ap1"});
    else
        value = QStringLiteral("%1").arg(10000 + rng.bounded(90000));
    QString target = pattern;
    target.replace(QLatin1Char('*'), value);
    return target;
}

QString recommendationFor(const QString& actionType, const QString& target)
{
    if (actionType.startsWith(QStringLiteral("endpoint.")))
        return QStringLiteral("EDR shows beaconing from %1 to a known C2 domain; isolate to contain.")
            .arg(target);
    if (actionType.startsWith(QStringLiteral("iam.account")) ||
        actionType.startsWith(QStringLiteral("iam.session")))
        return QStringLiteral("Impossible travel and token replay for %1 within 4 minutes.").arg(target);
    if (actionType.startsWith(QStringLiteral("iam.mfa")) ||
        actionType.startsWith(QStringLiteral("iam.password")))
        return QStringLiteral("Identity verified by video call and manager confirmation; reset for %1.")
            .arg(target);
    if (actionType.startsWith(QStringLiteral("iam.")))
        return QStringLiteral("Access request approved by the line manager in the portal for %1.")
            .arg(target);
    if (actionType.startsWith(QStringLiteral("payment.")))
        return QStringLiteral(
            "Order delivered late, customer eligible under refund policy; fraud score low.");
    if (actionType.startsWith(QStringLiteral("k8s.")))
        return QStringLiteral("p95 latency above SLO for 10 minutes; scale out within autoscaling bounds.");
    if (actionType.startsWith(QStringLiteral("secret.")))
        return QStringLiteral("Secret scanner found %1 in a public commit; rotate and redeploy.").arg(target);
    if (actionType.startsWith(QStringLiteral("network.")))
        return QStringLiteral("Indicator confirmed in incident INC-%1; block at the edge for 24 h.")
            .arg(3000);
    return QStringLiteral("Recommended by the agent after correlating recent telemetry.");
}

QJsonObject proposal(QRandomGenerator& rng, const DecisionPath& path, bool unusual, const QString& key)
{
    const QString actionType = pick(rng, path.actionTypes);
    QString target =
        path.targets.isEmpty() ? QStringLiteral("generic:item/1") : fill(rng, pick(rng, path.targets));
    if (unusual) {
        // Somewhere the path never declared: the same system, another kind of object.
        const qsizetype colon = target.indexOf(QLatin1Char(':'));
        target = target.left(colon + 1) + QStringLiteral("unlisted/") + QString::number(rng.bounded(1000));
    }
    const bool lowConfidence = rng.bounded(10) == 0;
    const double confidence =
        lowConfidence ? 0.40 + rng.generateDouble() * 0.2 : 0.75 + rng.generateDouble() * 0.24;
    static const QList<QString> kSensitivity = {QStringLiteral("internal"), QStringLiteral("internal"),
                                                QStringLiteral("confidential"), QStringLiteral("public"),
                                                QStringLiteral("restricted")};
    const bool reversible = path.reversibility == Reversibility::Reversible;
    QJsonObject o{
        {QStringLiteral("path_id"), path.id},
        {QStringLiteral("action_type"), actionType},
        {QStringLiteral("target"), target},
        {QStringLiteral("parameters"),
         QJsonObject{{QStringLiteral("ticket"), QStringLiteral("SIM-%1").arg(rng.bounded(100000))}}},
        {QStringLiteral("recommendation"), recommendationFor(actionType, target)},
        {QStringLiteral("confidence"), qRound(confidence * 100) / 100.0},
        {QStringLiteral("risk_score"), static_cast<int>(10 + rng.bounded(86))},
        {QStringLiteral("target_sensitivity"), pick(rng, kSensitivity)},
        {QStringLiteral("environment"),
         path.environment.isEmpty() ? QStringLiteral("production") : path.environment},
        {QStringLiteral("reversible"), reversible},
        {QStringLiteral("idempotency_key"), key}};
    if (reversible)
        o.insert(QStringLiteral("rollback_plan"), QStringLiteral("undo %1 on %2").arg(actionType, target));
    return o;
}

/// One HTTPS exchange: POST \a body with \a contentType, or GET when \a contentType is empty.
Answer exchange(QNetworkAccessManager& nam, const QUrl& url, const QSslConfiguration& tls,
                const QByteArray& body, const QString& contentType)
{
    QNetworkRequest request(url);
    request.setSslConfiguration(tls);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(10000);
    QNetworkReply* reply = nullptr;
    if (contentType.isEmpty()) {
        reply = nam.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        reply = nam.post(request, body);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.json = QJsonDocument::fromJson(reply->readAll()).object();
    if (a.status == 0)
        a.error = reply->errorString();
    reply->deleteLater();
    return a;
}

Answer send(QNetworkAccessManager& nam, const QUrl& url, const QSslConfiguration& tls,
            const QJsonObject& body)
{
    return exchange(nam, url, tls, QJsonDocument(body).toJson(QJsonDocument::Compact),
                    QStringLiteral("application/json"));
}

/// What a downstream system does before it acts on a credential: fetch the gateway's JWKS,
/// verify signature (EdDSA pinned), issuer, audience and expiry, then ask introspection
/// whether it is still active (not revoked, not used). Empty = fine, else why not.
QString checkLikeDownstream(const Agent& agent, const QUrl& gateway, const QString& requestId,
                            const QString& target)
{
    const Answer state =
        exchange(*agent.nam, gateway.resolved(QUrl(QStringLiteral("/v1/actions/%1").arg(requestId))),
                 agent.tls, {}, {});
    const QJsonObject credential = state.json.value(QStringLiteral("credential")).toObject();
    const QByteArray token = credential.value(QStringLiteral("token")).toString().toLatin1();
    if (token.isEmpty())
        return QStringLiteral("no credential (%1)")
            .arg(credential.value(QStringLiteral("status")).toString());
    const Answer jwks = exchange(*agent.nam, gateway.resolved(QUrl(QStringLiteral("/.well-known/jwks.json"))),
                                 agent.tls, {}, {});
    auto keys = JwtVerifier::keysFromJwks(jwks.json);
    if (!keys || keys->isEmpty())
        return QStringLiteral("no usable JWKS");
    JwtVerifierOptions options;
    options.issuer = QStringLiteral("urn:gatehouse:credentials");
    options.audience = CredentialService::audienceFor(target);
    options.leewaySeconds = 5;
    auto verifier = JwtVerifier::create(std::move(*keys), options);
    if (!verifier)
        return verifier.error().message;
    auto verified = verifier->verify(token, QDateTime::currentDateTimeUtc());
    if (!verified)
        return QStringLiteral("token rejected: ") + verified.error().code();
    if (verified->claims.value(QStringLiteral("request_id")).toString() != requestId)
        return QStringLiteral("token is for another request");
    const Answer introspection =
        exchange(*agent.nam, gateway.resolved(QUrl(QStringLiteral("/v1/introspect"))), agent.tls,
                 "token=" + token.toPercentEncoding(), QStringLiteral("application/x-www-form-urlencoded"));
    if (!introspection.json.value(QStringLiteral("active")).toBool())
        return QStringLiteral("introspection: not active");
    return {};
}

} // namespace

QString SimulateCommand::summary() const
{
    return QStringLiteral("Drive the active paths' agents against a running gateway (demo traffic).");
}

QList<CtlVerb> SimulateCommand::verbs() const
{
    return {
        {QStringLiteral("run"),
         {},
         0,
         0,
         QStringLiteral("Send realistic proposals from every active path's agent"),
         {option("gateway", "Gateway base URL, e.g. https://127.0.0.1:8443.", "url"),
          option("count", "Number of proposals (default 40).", "n"),
          option("interval-ms", "Pause between proposals in milliseconds (default 250).", "ms"),
          option("seed", "Random seed, for a repeatable run.", "n")},
         {},
         QStringLiteral("Needs --user with the right to issue SVIDs for the paths (admin, or the owner of\n"
                        "each path; others are skipped). SVIDs live 15 minutes, in memory only.\n"
                        "Paths whose workload identity is outside the local trust domain are skipped.")}};
}

int SimulateCommand::run(const QString&, const QCommandLineParser& parser, const QStringList&,
                         CtlContext& context)
{
    const QUrl gateway(parser.value(QStringLiteral("gateway")));
    if (!gateway.isValid() || gateway.scheme() != QStringLiteral("https") || gateway.host().isEmpty())
        return context.usageError(
            QStringLiteral("--gateway must be an https:// URL, e.g. https://127.0.0.1:8443"));
    bool ok = true;
    const int count =
        parser.isSet(QStringLiteral("count")) ? parser.value(QStringLiteral("count")).toInt(&ok) : 40;
    if (!ok || count < 1 || count > 100000)
        return context.usageError(QStringLiteral("--count must be 1..100000"));
    const int interval = parser.isSet(QStringLiteral("interval-ms"))
                             ? parser.value(QStringLiteral("interval-ms")).toInt(&ok)
                             : 250;
    if (!ok || interval < 0 || interval > 60000)
        return context.usageError(QStringLiteral("--interval-ms must be 0..60000"));
    QRandomGenerator rng = parser.isSet(QStringLiteral("seed"))
                               ? QRandomGenerator(parser.value(QStringLiteral("seed")).toUInt())
                               : QRandomGenerator(QRandomGenerator::global()->generate());

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    if (!app)
        return context.report(app.error());
    auto paths = (*app)->catalogue().list(*session);
    if (!paths)
        return context.report(paths.error());

    QList<Agent> agents;
    for (const DecisionPath& p : *paths) {
        if (p.status != PathStatus::Active || p.actionTypes.isEmpty())
            continue;
        auto svid = (*app)->pki().issueSvid(*session, p.id, 900);
        if (!svid) {
            context.err() << "gatehousectl: skipping " << p.id << ": "
                          << TerminalText::printable(svid.error().message) << '\n';
            continue;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromData(svid->bundlePem, QSsl::Pem));
        tls.setLocalCertificate(
            QSslCertificate::fromData(svid->certificate.certificatePem, QSsl::Pem).value(0));
        tls.setPrivateKey(QSslKey(svid->certificate.privateKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey));
        agents.append({p, tls, std::make_shared<QNetworkAccessManager>()});
    }
    if (agents.isEmpty())
        return context.report(Error{
            ErrorCode::Conflict, QStringLiteral("no active path with a workload identity in the local trust "
                                                "domain (run 'gatehousectl pki init' and activate paths)")});

    const QString runId = QString::number(QRandomGenerator::global()->generate64(), 36);
    const QUrl actions = gateway.resolved(QUrl(QStringLiteral("/v1/actions")));
    QMap<int, int> byStatus;
    int credentialsVerified = 0;
    int credentialRefusals = 0;
    QJsonObject last;
    for (int i = 0; i < count; ++i) {
        const Agent& agent = pick(rng, agents);
        // Keys are unique per run even with --seed (a repeated run must not replay the last one).
        QJsonObject body =
            proposal(rng, agent.path, rng.bounded(12) == 0, QStringLiteral("sim-%1-%2").arg(runId).arg(i));
        if (i > 0 && rng.bounded(20) == 0 && last.value(QStringLiteral("path_id")) == agent.path.id)
            body = last; // a retry with the same idempotency key
        const Answer a = send(*agent.nam, actions, agent.tls, body);
        ++byStatus[a.status];
        last = body;
        const QString outcome = a.json.value(QStringLiteral("outcome")).toString();
        const QString detail =
            a.error.isEmpty() ? (outcome.isEmpty() ? a.json.value(QStringLiteral("error"))
                                                         .toObject()
                                                         .value(QStringLiteral("message"))
                                                         .toString()
                                                   : outcome + QStringLiteral(" (") +
                                                         a.json.value(QStringLiteral("status")).toString() +
                                                         QLatin1Char(')'))
                              : a.error;
        if (!context.json())
            context.out() << QStringLiteral("%1 %2 %3 -> %4 %5\n")
                                 .arg(agent.path.id, body.value(QStringLiteral("action_type")).toString(),
                                      body.value(QStringLiteral("target")).toString())
                                 .arg(a.status)
                                 .arg(TerminalText::printable(detail.left(160)));
        // About half of what was allowed is carried out and reported - after the credential
        // was checked the way the target system would check it.
        const QString id = a.json.value(QStringLiteral("request_id")).toString();
        if (a.status == 201 && !id.isEmpty() && rng.bounded(2) == 0 &&
            !a.json.value(QStringLiteral("idempotent_replay")).toBool()) {
            const QString refused =
                checkLikeDownstream(agent, gateway, id, body.value(QStringLiteral("target")).toString());
            if (!refused.isEmpty()) {
                ++credentialRefusals;
                if (!context.json())
                    context.out() << QStringLiteral("  credential refused, not executed: %1\n")
                                         .arg(TerminalText::printable(refused));
            } else {
                ++credentialsVerified;
                if (!context.json())
                    context.out()
                        << "  credential verified (JWKS signature, aud, exp; introspection active)\n";
                QJsonObject result{{QStringLiteral("outcome"), QStringLiteral("executed")},
                                   {QStringLiteral("details"), QStringLiteral("done by the simulator")}};
                if (body.value(QStringLiteral("reversible")).toBool())
                    result.insert(QStringLiteral("rollback_handle"),
                                  QStringLiteral("sim-undo-") + id.left(8));
                const Answer r =
                    send(*agent.nam, gateway.resolved(QUrl(QStringLiteral("/v1/actions/%1/result").arg(id))),
                         agent.tls, result);
                if (!context.json())
                    context.out() << QStringLiteral("  result executed -> %1\n").arg(r.status);
            }
        }
        context.out().flush();
        if (interval > 0 && i + 1 < count) {
            QEventLoop pause;
            QTimer::singleShot(interval, &pause, &QEventLoop::quit);
            pause.exec();
        }
    }
    QJsonObject summary;
    for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
        summary.insert(QString::number(it.key()), it.value());
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("sent"), count},
                                      {QStringLiteral("agents"), static_cast<int>(agents.size())},
                                      {QStringLiteral("by_status"), summary},
                                      {QStringLiteral("credentials_verified"), credentialsVerified},
                                      {QStringLiteral("credentials_refused"), credentialRefusals}});
    } else {
        context.out() << "sent " << count << " proposals from " << agents.size() << " agents:";
        for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it)
            context.out() << ' ' << it.key() << "x" << it.value();
        context.out() << "\ncredentials verified before executing: " << credentialsVerified
                      << ", refused: " << credentialRefusals << '\n';
    }
    return byStatus.value(0) == count ? CtlContext::kExitCheckFailed : CtlContext::kExitOk;
}

} // namespace gatehouse
