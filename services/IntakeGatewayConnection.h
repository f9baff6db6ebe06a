#pragma once

#include <functional>

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include "IntakeGatewayHttp.h"

class QSslSocket;

namespace gatehouse {

/// An HTTP response the gateway writes.
struct HttpResponse
{
    int status = 200;
    QByteArray body; ///< JSON
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    bool close = false;
};

/// One TLS connection of the intake gateway: reads at most what the parser allows,
/// answers each complete request through \a handler, keeps the connection alive between
/// requests, and closes it on a protocol error or a timeout:
/// - a started request must be complete within requestTimeoutMs (408, then close), so a
///   client trickling bytes (slowloris) holds one socket for a bounded time and never
///   blocks other clients (every socket is served by the event loop, none blocks it);
/// - an idle keep-alive connection is closed after idleTimeoutMs.
/// Deletes itself (deleteLater) when the socket closes.
class IntakeGatewayConnection : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest&, QSslSocket*)>;
    /// Called for protocol-level refusals (4xx/5xx before a request is complete) to audit them.
    using Refusal = std::function<HttpResponse(int status, const QByteArray& message, QSslSocket*)>;

    struct Timeouts
    {
        int requestMs = 10000;
        int idleMs = 30000;
        int maxRequestsPerConnection = 1000;
    };

    IntakeGatewayConnection(QSslSocket* socket, Handler handler, Refusal refusal, Timeouts timeouts,
                            QObject* parent = nullptr);
    ~IntakeGatewayConnection() override;

    /// Closes the connection now (gateway stop).
    void abort();

    static QByteArray serialize(const HttpResponse& response, bool keepAlive);
    static QByteArray reasonPhrase(int status);

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();
    void onTimeout();
    void respond(const HttpResponse& response, bool keepAlive);
    void finish();

    QPointer<QSslSocket> m_socket;
    Handler m_handler;
    Refusal m_refusal;
    Timeouts m_timeouts;
    IntakeGatewayHttp m_parser;
    QByteArray m_buffer;
    QTimer m_timer;
    int m_served = 0;
    bool m_closing = false;  ///< no more requests are read
    bool m_finished = false; ///< closed() emitted, deletion scheduled
    bool m_sentContinue = false;
};

} // namespace gatehouse
