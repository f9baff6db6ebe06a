#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

namespace gatehouse::test {

/// One POST the receiver read completely.
struct ReceivedRequest
{
    QByteArray requestLine;                ///< "POST /hook HTTP/1.1"
    QHash<QByteArray, QByteArray> headers; ///< names lower-case
    QByteArray body;
};

/// A minimal HTTP/1.1 endpoint on 127.0.0.1 for dispatcher tests: answers every complete
/// request with \a status (empty body, connection closed), or, with status 0, reads the
/// request and never answers (a stalled endpoint).
class WebhookReceiver
{
public:
    explicit WebhookReceiver(int status = 204) : m_status(status)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
        m_server.listen(QHostAddress::LocalHost, 0);
    }

    bool isListening() const { return m_server.isListening(); }
    QString url(const QString& path = QStringLiteral("/hook")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path);
    }
    void setStatus(int status) { m_status = status; }
    const QList<ReceivedRequest>& requests() const { return m_requests; }

private:
    void accept()
    {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { read(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void read(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        ReceivedRequest request;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        request.requestLine = lines.value(0).trimmed();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        request.body = buffer.mid(end + 4, length);
        m_buffers.remove(socket);
        m_requests.append(request);
        if (m_status == 0)
            return; // stalled: never answer
        socket->write(QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(m_status) +
                      QByteArrayLiteral(" Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    int m_status;
    QList<ReceivedRequest> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace gatehouse::test
