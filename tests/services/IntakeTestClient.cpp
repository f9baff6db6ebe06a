#include "IntakeTestClient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace gatehouse::test {

ClientIdentity ClientIdentity::fromPem(const QByteArray& certPem, const QByteArray& keyPem,
                                       const QByteArray& caPem)
{
    ClientIdentity id;
    const auto certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (!certs.isEmpty())
        id.certificate = certs.first();
    if (!keyPem.isEmpty())
        id.key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    id.serverCa = QSslCertificate::fromData(caPem, QSsl::Pem);
    return id;
}

QByteArray IntakeTestClient::request(const QByteArray& method, const QString& path, const QByteArray& body,
                                     const QByteArray& extraHeaders)
{
    QByteArray r = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
    if (method == "POST")
        r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    r += extraHeaders;
    r += "\r\n";
    r += body;
    return r;
}

HttpExchange IntakeTestClient::post(const QString& path, const QByteArray& body) const
{
    return raw(request("POST", path, body));
}

HttpExchange IntakeTestClient::postJson(const QString& path, const QJsonObject& body) const
{
    return post(path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpExchange IntakeTestClient::get(const QString& path) const
{
    return raw(request("GET", path, {}));
}

HttpExchange IntakeTestClient::raw(const QByteArray& bytes, int timeoutMs) const
{
    HttpExchange ex;
    QElapsedTimer clock;
    clock.start();
    QSslSocket socket;
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates(m_identity.serverCa);
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_identity.certificate.isNull()) {
        conf.setLocalCertificate(m_identity.certificate);
        conf.setPrivateKey(m_identity.key);
    }
    socket.setSslConfiguration(conf);
    QEventLoop loop;
    QByteArray received;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        ex.error = QStringLiteral("timeout");
        loop.quit();
    });
    QObject::connect(&socket, &QSslSocket::encrypted, &loop, [&] { socket.write(bytes); });
    QObject::connect(&socket, &QSslSocket::sslErrors, &loop, [&](const QList<QSslError>& errors) {
        ex.error = errors.isEmpty() ? QStringLiteral("TLS error") : errors.first().errorString();
    });
    auto complete = [&]() {
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const QByteArray head = received.left(end);
        qsizetype length = 0;
        for (const QByteArray& line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        return received.size() >= end + 4 + length;
    };
    QObject::connect(&socket, &QSslSocket::readyRead, &loop, [&] {
        received += socket.readAll();
        if (complete())
            loop.quit();
    });
    QObject::connect(&socket, &QSslSocket::disconnected, &loop, [&] {
        ex.closedByServer = true;
        loop.quit();
    });
    QObject::connect(&socket, &QSslSocket::errorOccurred, &loop, [&](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError) {
            ex.closedByServer = true;
        } else if (ex.error.isEmpty()) {
            ex.error = socket.errorString();
        }
        loop.quit();
    });
    timer.start(timeoutMs);
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port, QStringLiteral("localhost"));
    loop.exec();
    received += socket.readAll();
    ex.elapsedMs = clock.elapsed();
    const qsizetype end = received.indexOf("\r\n\r\n");
    if (end >= 0) {
        ex.head = received.left(end);
        ex.body = received.mid(end + 4);
        const QList<QByteArray> statusLine = ex.head.split('\r').first().split(' ');
        if (statusLine.size() >= 2)
            ex.status = statusLine[1].toInt();
        ex.json = QJsonDocument::fromJson(ex.body).object();
    }
    socket.abort();
    return ex;
}

} // namespace gatehouse::test
