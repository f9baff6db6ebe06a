#include "IntakeGatewayConnection.h"

#include <QSslSocket>

namespace gatehouse {

IntakeGatewayConnection::IntakeGatewayConnection(QSslSocket* socket, Handler handler, Refusal refusal,
                                                 Timeouts timeouts, QObject* parent)
    : QObject(parent), m_socket(socket), m_handler(std::move(handler)), m_refusal(std::move(refusal)),
      m_timeouts(timeouts)
{
    socket->setParent(this);
    // Qt stops reading from the kernel once this much decrypted data waits: a client
    // cannot make the gateway buffer more than a request's worth.
    socket->setReadBufferSize(128 * 1024);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &IntakeGatewayConnection::onTimeout);
    connect(socket, &QSslSocket::readyRead, this, &IntakeGatewayConnection::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, &IntakeGatewayConnection::finish);
    connect(socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState)
            finish();
    });
    m_timer.start(m_timeouts.idleMs);
    if (socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &IntakeGatewayConnection::onReadyRead);
}

IntakeGatewayConnection::~IntakeGatewayConnection() = default;

void IntakeGatewayConnection::abort()
{
    if (m_socket)
        m_socket->abort();
    finish();
}

void IntakeGatewayConnection::finish()
{
    m_closing = true;
    m_timer.stop();
    if (m_finished)
        return;
    m_finished = true;
    if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->abort();
    emit closed();
    deleteLater();
}

void IntakeGatewayConnection::onTimeout()
{
    if (m_closing || !m_socket)
        return;
    if (m_parser.started(m_buffer)) {
        // A request began but did not complete in time.
        respond(m_refusal(408, "the request did not arrive within the read timeout", m_socket), false);
    } else {
        finish();
    }
}

void IntakeGatewayConnection::onReadyRead()
{
    while (!m_closing && m_socket) {
        const qsizetype want = m_parser.wantBytes(m_buffer);
        if (want > 0 && m_socket->bytesAvailable() > 0) {
            const QByteArray chunk = m_socket->read(std::min<qsizetype>(want, 16 * 1024));
            if (!m_parser.started(m_buffer) && !chunk.isEmpty())
                m_timer.start(m_timeouts.requestMs); // the request clock starts with its first byte
            m_buffer += chunk;
        }
        const auto progress = m_parser.advance(m_buffer);
        switch (progress) {
        case IntakeGatewayHttp::Progress::NeedMore:
            if (m_socket->bytesAvailable() > 0 && m_parser.wantBytes(m_buffer) > 0)
                continue;
            return;
        case IntakeGatewayHttp::Progress::HeadersComplete:
            if (m_parser.request().expectContinue && !m_sentContinue) {
                m_sentContinue = true;
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            }
            if (m_socket->bytesAvailable() > 0)
                continue;
            return;
        case IntakeGatewayHttp::Progress::Failed:
            respond(m_refusal(m_parser.errorStatus(), m_parser.errorMessage(), m_socket), false);
            return;
        case IntakeGatewayHttp::Progress::Complete: {
            const HttpRequest request = m_parser.request();
            m_parser.reset();
            m_sentContinue = false;
            ++m_served;
            HttpResponse response = m_handler(request, m_socket);
            const bool keepAlive =
                request.keepAlive && !response.close && m_served < m_timeouts.maxRequestsPerConnection;
            respond(response, keepAlive);
            if (!keepAlive)
                return;
            m_timer.start(m_buffer.isEmpty() ? m_timeouts.idleMs : m_timeouts.requestMs);
            if (m_buffer.isEmpty() && m_socket->bytesAvailable() == 0)
                return;
            break;
        }
        }
    }
}

void IntakeGatewayConnection::respond(const HttpResponse& response, bool keepAlive)
{
    if (!m_socket)
        return;
    m_socket->write(serialize(response, keepAlive));
    if (!keepAlive) {
        m_closing = true;
        m_timer.stop();
        // Flush, then close; the socket's disconnected() calls finish().
        m_socket->disconnectFromHost();
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            finish();
        else // do not wait forever for a peer that never reads its answer
            QTimer::singleShot(5000, this, &IntakeGatewayConnection::finish);
    }
}

QByteArray IntakeGatewayConnection::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

QByteArray IntakeGatewayConnection::serialize(const HttpResponse& response, bool keepAlive)
{
    QByteArray out =
        "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) +
        "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(response.body.size()) +
        "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    for (const auto& [name, value] : response.extraHeaders)
        out += name + ": " + value + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    out += response.body;
    return out;
}

} // namespace gatehouse
