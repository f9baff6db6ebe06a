#include "IntakeGateway.h"

#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QUuid>

#include "Authorization.h"
#include "CredentialApi.h"
#include "IntakeService.h"
#include "Logging.h"
#include "PkiService.h"
#include "SvidVerifier.h"

namespace gatehouse {

namespace {

HttpResponse toHttp(const IntakeReply& reply)
{
    HttpResponse r;
    r.status = reply.status;
    r.body = QJsonDocument(reply.body).toJson(QJsonDocument::Compact);
    if (reply.status == 429)
        r.extraHeaders.append({QByteArray("Retry-After"),
                               QByteArray::number(reply.body.value(QStringLiteral("retry_after")).toInt(1))});
    return r;
}

QString protocolCode(int status)
{
    switch (status) {
    case 408:
        return QStringLiteral("request_timeout");
    case 413:
        return QStringLiteral("payload_too_large");
    case 431:
        return QStringLiteral("header_too_large");
    case 501:
        return QStringLiteral("not_implemented");
    case 505:
        return QStringLiteral("http_version_not_supported");
    default:
        return QStringLiteral("bad_request");
    }
}

bool isRequestId(const QString& text)
{
    return text.size() == 36 && !QUuid::fromString(text).isNull();
}

} // namespace

IntakeGateway::IntakeGateway(IntakeService& intake, PkiService& pki, const Clock& clock, QObject* parent)
    : QObject(parent), m_intake(intake), m_pki(pki), m_clock(clock)
{}

IntakeGateway::~IntakeGateway()
{
    stop();
}

Result<std::pair<QHostAddress, quint16>> IntakeGateway::parseListen(const QString& listen)
{
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("--listen must be HOST:PORT (got '%1')").arg(listen.left(80)));
    QString host = listen.left(colon);
    bool ok = false;
    const uint port = listen.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("--listen: '%1' is not a port").arg(listen.mid(colon + 1).left(16)));
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host.isEmpty())
        address = QHostAddress::Any;
    else if (host == QStringLiteral("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("--listen: '%1' is not an IP address (or localhost)").arg(host.left(80)));
    return std::pair{address, static_cast<quint16>(port)};
}

Status IntakeGateway::start(const OperatorSession& actor, const QString& listen)
{
    if (auto st = Authorization::canRunGateway(actor); !st)
        return st;
    return start(listen);
}

Status IntakeGateway::start(const QString& listen)
{
    auto parsed = parseListen(listen);
    if (!parsed)
        return std::unexpected(parsed.error());
    return start(parsed->first, parsed->second);
}

Status IntakeGateway::start(const QHostAddress& address, quint16 port)
{
    if (m_state == State::Listening)
        return fail(ErrorCode::Conflict,
                    QStringLiteral("the gateway is already listening on port %1").arg(this->port()));
    auto fails = [this](const Error& e) -> Status {
        setState(State::Failed, e.message);
        return std::unexpected(e);
    };
    if (!QSslSocket::supportsSsl())
        return fails({ErrorCode::CryptoFailure, QStringLiteral("Qt has no TLS backend (OpenSSL) available")});
    auto creds = m_pki.serverCredentials();
    if (!creds)
        return fails(creds.error());
    const QList<QSslCertificate> chain = QSslCertificate::fromData(creds->certificatePem, QSsl::Pem);
    const QSslKey key(creds->privateKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (chain.isEmpty() || key.isNull())
        return fails(
            {ErrorCode::CryptoFailure, QStringLiteral("keys/server.pem or keys/server.key is unreadable")});
    QList<QSslCertificate> acceptable;
    auto bundles = m_pki.bundles();
    if (!bundles)
        return fails(bundles.error());
    for (const TrustBundle& b : *bundles)
        acceptable += QSslCertificate::fromData(b.pem, QSsl::Pem);

    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    // QueryPeer: ask for a client certificate but let the handshake finish without a valid
    // one, so the refusal is an audited HTTP 401 naming the reason; SvidVerifier decides.
    conf.setPeerVerifyMode(QSslSocket::QueryPeer);
    conf.setCaCertificates(acceptable); // advertised as acceptable issuers
    conf.setSslOption(QSsl::SslOptionDisableCompression, true);
    conf.setSslOption(QSsl::SslOptionDisableLegacyRenegotiation, true);

    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(conf);
    server->setHandshakeTimeout(m_options.handshakeTimeoutMs);
    server->setMaxPendingConnections(64);
    connect(server.get(), &QSslServer::pendingConnectionAvailable, this, &IntakeGateway::onNewConnection);
    connect(server.get(), &QSslServer::errorOccurred, this, [](QSslSocket*, QAbstractSocket::SocketError e) {
        Logging::debug("gateway",
                       QStringLiteral("TLS connection failed before a request (socket error %1)").arg(e));
    });
    if (!server->listen(address, port))
        return fails({ErrorCode::StorageFailure, QStringLiteral("cannot listen on %1:%2: %3")
                                                     .arg(address.toString())
                                                     .arg(port)
                                                     .arg(server->errorString())});
    m_server = std::move(server);
    m_verifier.reset();
    m_verifierKey.clear();
    Logging::info("gateway",
                  QStringLiteral("intake gateway listening on https://%1:%2 (mutual TLS, %3 trust bundle(s))")
                      .arg(m_server->serverAddress().toString())
                      .arg(m_server->serverPort())
                      .arg(bundles->size()));
    setState(State::Listening);
    return {};
}

void IntakeGateway::stop()
{
    if (m_server) {
        m_server->close();
        m_server.reset();
    }
    const auto connections = m_connections;
    m_connections.clear();
    for (IntakeGatewayConnection* c : connections)
        c->abort();
    if (m_state == State::Listening) {
        Logging::info("gateway", QStringLiteral("intake gateway stopped"));
        setState(State::Stopped);
    }
}

quint16 IntakeGateway::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QHostAddress IntakeGateway::address() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

void IntakeGateway::setState(State state, const QString& error)
{
    m_lastError = error;
    if (state == m_state && error.isEmpty())
        return;
    m_state = state;
    emit stateChanged(state);
}

void IntakeGateway::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        auto* socket = qobject_cast<QSslSocket*>(m_server->nextPendingConnection());
        if (!socket)
            continue;
        if (m_connections.size() >= m_options.maxConnections) {
            Logging::warn("gateway", QStringLiteral("connection limit (%1) reached; refusing %2")
                                         .arg(m_options.maxConnections)
                                         .arg(socket->peerAddress().toString()));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto* connection = new IntakeGatewayConnection(
            socket, [this](const HttpRequest& r, QSslSocket* s) { return handle(r, s); },
            [this](int status, const QByteArray& message, QSslSocket* s) {
                return refuseProtocol(status, message, s);
            },
            m_options.timeouts, this);
        m_connections.insert(connection);
        connect(connection, &IntakeGatewayConnection::closed, this,
                [this, connection] { m_connections.remove(connection); });
    }
}

QString IntakeGateway::authenticate(QSslSocket* socket, QString* why)
{
    const QList<QSslCertificate> chain = socket->peerCertificateChain();
    if (chain.isEmpty()) {
        *why = QStringLiteral("no client certificate (an X.509-SVID is required)");
        return {};
    }
    auto bundles = m_pki.bundles();
    if (!bundles) {
        *why = QStringLiteral("trust bundles unavailable: ") + bundles.error().message;
        return {};
    }
    QString key;
    for (const TrustBundle& b : *bundles)
        key += b.trustDomain + QLatin1Char('=') + b.fingerprints.join(QLatin1Char(',')) + QLatin1Char(';');
    if (!m_verifier || key != m_verifierKey) {
        m_verifier = std::make_unique<SvidVerifier>(*bundles);
        m_verifierKey = key;
    }
    QList<QByteArray> der;
    for (const QSslCertificate& c : chain)
        der << c.toDer();
    auto verified = m_verifier->verify(der, m_clock.now());
    if (!verified) {
        *why = verified.error().message;
        return {};
    }
    return verified->id.toString();
}

HttpResponse IntakeGateway::refuseProtocol(int status, const QByteArray& message, QSslSocket* socket)
{
    QString why;
    const IntakeCaller caller{authenticate(socket, &why), socket->peerAddress().toString()};
    HttpResponse r =
        toHttp(m_intake.refuse(caller, status, protocolCode(status), QString::fromLatin1(message),
                               status == 413 ? QStringLiteral("body") : QString()));
    r.close = true;
    emit requestAnswered(r.status);
    return r;
}

HttpResponse IntakeGateway::handle(const HttpRequest& request, QSslSocket* socket)
{
    const QString path = QString::fromLatin1(request.path);
    const QString method = QString::fromLatin1(request.method);
    const QString route = method + QLatin1Char(' ') + path.left(200);

    if (path == QStringLiteral("/v1/healthz")) {
        HttpResponse r;
        if (method != QStringLiteral("GET")) {
            r.status = 405;
            r.body = QJsonDocument(IntakeService::errorBody(QStringLiteral("method_not_allowed"),
                                                            QStringLiteral("use GET")))
                         .toJson(QJsonDocument::Compact);
            r.extraHeaders.append({QByteArray("Allow"), QByteArray("GET")});
        } else {
            r.body = R"({"status":"ok"})";
        }
        emit requestAnswered(r.status);
        return r;
    }

    // Public keys are public: the JWKS needs no client certificate (downstream systems
    // that only verify tokens may have none) and is not audited.
    if (path == QStringLiteral("/.well-known/jwks.json") && m_credentialApi) {
        HttpResponse r;
        if (method != QStringLiteral("GET")) {
            r.status = 405;
            r.body = QJsonDocument(IntakeService::errorBody(QStringLiteral("method_not_allowed"),
                                                            QStringLiteral("use GET")))
                         .toJson(QJsonDocument::Compact);
            r.extraHeaders.append({QByteArray("Allow"), QByteArray("GET")});
        } else {
            r = toHttp(m_credentialApi->jwks());
        }
        emit requestAnswered(r.status);
        return r;
    }

    QString why;
    const IntakeCaller caller{authenticate(socket, &why), socket->peerAddress().toString()};
    HttpResponse response;
    if (path == QStringLiteral("/v1/introspect") && m_credentialApi) {
        if (method != QStringLiteral("POST")) {
            response = toHttp(m_intake.refuse(caller, 405, QStringLiteral("method_not_allowed"),
                                              QStringLiteral("use POST"), {}, route));
            response.extraHeaders.append({QByteArray("Allow"), QByteArray("POST")});
        } else if (caller.workloadId.isEmpty()) {
            response =
                toHttp(m_intake.refuse(caller, 401, QStringLiteral("unauthenticated"), why, {}, route));
            response.extraHeaders.append({QByteArray("WWW-Authenticate"), QByteArray("MutualTLS")});
        } else if (!request.header("content-type")
                        .toLower()
                        .startsWith("application/x-www-form-urlencoded")) {
            response =
                toHttp(m_intake.refuse(caller, 415, QStringLiteral("unsupported_media_type"),
                                       QStringLiteral("send Content-Type: application/x-www-form-urlencoded "
                                                      "(RFC 7662 section 2.1)"),
                                       QStringLiteral("content-type"), route));
        } else {
            response = toHttp(m_credentialApi->introspect(caller, request.body));
        }
        emit requestAnswered(response.status);
        return response;
    }
    const QStringList parts = path.split(QLatin1Char('/'));
    // parts: "", "v1", "actions", [id], ["result"]
    const bool actionsRoot = path == QStringLiteral("/v1/actions");
    const bool oneAction =
        parts.size() == 4 && parts[1] == QStringLiteral("v1") && parts[2] == QStringLiteral("actions");
    const bool resultRoute = parts.size() == 5 && parts[1] == QStringLiteral("v1") &&
                             parts[2] == QStringLiteral("actions") && parts[4] == QStringLiteral("result");
    const QString expectedMethod =
        actionsRoot || resultRoute ? QStringLiteral("POST") : QStringLiteral("GET");

    // A workload must never review: the SPIFFE identity of an agent is not an operator, and
    // separation of duties forbids approving one's own request (FIELD-CASES 1). Refused and
    // audited whatever the method.
    const bool reviewRoute = parts.size() == 5 && parts[1] == QStringLiteral("v1") &&
                             parts[2] == QStringLiteral("actions") &&
                             (parts[4] == QStringLiteral("approve") || parts[4] == QStringLiteral("reject") ||
                              parts[4] == QStringLiteral("escalate") || parts[4] == QStringLiteral("review"));
    if (reviewRoute) {
        response = toHttp(m_intake.refuse(
            caller, 403, QStringLiteral("forbidden"),
            QStringLiteral("workloads cannot review action requests: operators review them in the console or "
                           "with gatehousectl review (separation of duties)"),
            {}, route));
    } else if (!actionsRoot && !oneAction && !resultRoute) {
        response = toHttp(m_intake.refuse(caller, 404, QStringLiteral("not_found"),
                                          QStringLiteral("no such endpoint"), {}, route));
    } else if (method != expectedMethod) {
        response = toHttp(m_intake.refuse(caller, 405, QStringLiteral("method_not_allowed"),
                                          QStringLiteral("use %1").arg(expectedMethod), {}, route));
        response.extraHeaders.append({QByteArray("Allow"), expectedMethod.toLatin1()});
    } else if (caller.workloadId.isEmpty()) {
        response = toHttp(m_intake.refuse(caller, 401, QStringLiteral("unauthenticated"), why, {}, route));
        response.extraHeaders.append({QByteArray("WWW-Authenticate"), QByteArray("MutualTLS")});
    } else if (method == QStringLiteral("POST") &&
               !request.header("content-type").toLower().startsWith("application/json")) {
        response = toHttp(m_intake.refuse(caller, 415, QStringLiteral("unsupported_media_type"),
                                          QStringLiteral("send Content-Type: application/json"),
                                          QStringLiteral("content-type"), route));
    } else if ((oneAction || resultRoute) && !isRequestId(parts[3])) {
        response =
            toHttp(m_intake.refuse(caller, 404, QStringLiteral("not_found"),
                                   QStringLiteral("no action request %1").arg(parts[3].left(64)), {}, route));
    } else if (actionsRoot) {
        response = toHttp(m_intake.submit(caller, request.body));
    } else if (oneAction) {
        response = toHttp(m_intake.status(caller, parts[3]));
    } else {
        response = toHttp(m_intake.reportResult(caller, parts[3], request.body));
    }
    emit requestAnswered(response.status);
    return response;
}

} // namespace gatehouse
