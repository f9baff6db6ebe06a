#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace gatehouse::test {

/// A client certificate (X.509-SVID) and the CA that verifies the gateway.
struct ClientIdentity
{
    QSslCertificate certificate; ///< null = present no client certificate
    QSslKey key;
    QList<QSslCertificate> serverCa;

    static ClientIdentity fromPem(const QByteArray& certPem, const QByteArray& keyPem,
                                  const QByteArray& caPem);
};

/// What came back over one connection.
struct HttpExchange
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QJsonObject json;
    bool closedByServer = false;
    QString error; ///< transport failure (TLS, timeout)
    qint64 elapsedMs = 0;

    QString errorCode() const
    {
        return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString();
    }
    QString errorField() const
    {
        return json.value(QStringLiteral("error")).toObject().value(QStringLiteral("field")).toString();
    }
};

/// Speaks HTTPS to a gateway in the same thread: asynchronous QSslSocket driven by a local
/// event loop, so the server keeps running while the test waits.
class IntakeTestClient
{
public:
    IntakeTestClient(quint16 port, ClientIdentity identity) : m_port(port), m_identity(std::move(identity)) {}

    /// Sends \a raw bytes as is and reads one response (or until the server closes).
    HttpExchange raw(const QByteArray& raw, int timeoutMs = 10000) const;
    HttpExchange post(const QString& path, const QByteArray& body) const;
    HttpExchange postJson(const QString& path, const QJsonObject& body) const;
    HttpExchange get(const QString& path) const;

    static QByteArray request(const QByteArray& method, const QString& path, const QByteArray& body,
                              const QByteArray& extraHeaders = {});

private:
    quint16 m_port;
    ClientIdentity m_identity;
};

} // namespace gatehouse::test
