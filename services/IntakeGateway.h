#pragma once

#include <memory>

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QString>

#include "Clock.h"
#include "Error.h"
#include "OperatorSession.h"
#include "IntakeGatewayConnection.h"

class QSslServer;
class QSslSocket;

namespace gatehouse {

class CredentialApi;
class IntakeService;
class PkiService;
class SvidVerifier;

/// The intake gateway: HTTPS with mutual TLS (Qt 6.4 QSslServer, TLS 1.2+), serving the
/// intake API of docs/api.md through IntakeService. Used by gatehoused and, through
/// start()/stop(), by the console's "run the gateway here" switch.
///
/// Workload identity: the server asks every client for a certificate (QueryPeer, so that
/// a missing or bad one earns an audited 401 rather than a silent handshake failure) and
/// checks the chain per request with SvidVerifier against the workspace's trust bundles,
/// at the injected clock's time. GET /v1/healthz needs no certificate.
/// Everything runs on the thread that owns this object; no request blocks another
/// connection (see IntakeGatewayConnection for the limits and timeouts).
class IntakeGateway : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Stopped,
        Listening,
        Failed, ///< start() failed; lastError() says why
    };
    Q_ENUM(State)

    struct Options
    {
        IntakeGatewayConnection::Timeouts timeouts;
        int handshakeTimeoutMs = 5000;
        int maxConnections = 256;
    };

    IntakeGateway(IntakeService& intake, PkiService& pki, const Clock& clock, QObject* parent = nullptr);
    ~IntakeGateway() override;

    void setOptions(const Options& options) { m_options = options; }
    /// Serves GET /.well-known/jwks.json (no client certificate) and POST /v1/introspect
    /// (mutual TLS, form-encoded) through \a api; without one both are 404.
    void setCredentialApi(CredentialApi* api) { m_credentialApi = api; }

    /// Loads the server certificate (`gatehousectl pki init`) and listens. Port 0 = any.
    [[nodiscard]] Status start(const QHostAddress& address, quint16 port);
    /// "HOST:PORT", "[v6]:PORT" or ":PORT" (all interfaces).
    [[nodiscard]] Status start(const QString& listen);
    /// As start(listen), on behalf of a console operator: PermissionDenied unless
    /// Authorization::canRunGateway allows it.
    [[nodiscard]] Status start(const OperatorSession& actor, const QString& listen);
    void stop();

    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    quint16 port() const;
    QHostAddress address() const;
    int connectionCount() const { return static_cast<int>(m_connections.size()); }

    /// Splits "HOST:PORT". InvalidInput naming what is wrong.
    [[nodiscard]] static Result<std::pair<QHostAddress, quint16>> parseListen(const QString& listen);

Q_SIGNALS:
    void stateChanged(gatehouse::IntakeGateway::State state);
    /// After each answered request (status code), e.g. for a live counter.
    void requestAnswered(int status);

private:
    void onNewConnection();
    HttpResponse handle(const HttpRequest& request, QSslSocket* socket);
    HttpResponse refuseProtocol(int status, const QByteArray& message, QSslSocket* socket);
    /// The caller's verified workload id, or empty with \a why set.
    QString authenticate(QSslSocket* socket, QString* why);
    void setState(State state, const QString& error = {});

    IntakeService& m_intake;
    CredentialApi* m_credentialApi = nullptr;
    PkiService& m_pki;
    const Clock& m_clock;
    Options m_options;
    std::unique_ptr<QSslServer> m_server;
    QSet<IntakeGatewayConnection*> m_connections;
    State m_state = State::Stopped;
    QString m_lastError;
    std::unique_ptr<SvidVerifier> m_verifier;
    QString m_verifierKey; ///< trust domains and fingerprints m_verifier was built from
};

} // namespace gatehouse
