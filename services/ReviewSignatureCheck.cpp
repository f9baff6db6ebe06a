#include "ReviewSignatureCheck.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "CanonicalJson.h"
#include "Ed25519.h"

namespace gatehouse {

void ReviewSignatureCheck::observe(qint64 seq, const QString& type, const QString& actor,
                                   const QString& subject, const QByteArray& payloadJson)
{
    const bool keyEvent = type == QLatin1String("operator.key_registered");
    // Cheap filter first: most events are neither.
    if (!keyEvent && !payloadJson.contains("\"signature\""))
        return;
    const QJsonObject payload = QJsonDocument::fromJson(payloadJson).object();
    if (keyEvent) {
        const QByteArray pub = QByteArray::fromBase64(
            payload.value(QStringLiteral("public_key")).toString().toLatin1(), QByteArray::Base64UrlEncoding);
        m_keys.insert(payload.value(QStringLiteral("key_id")).toString(),
                      Key{payload.value(QStringLiteral("username")).toString(), pub});
        return;
    }
    const QJsonObject statement = payload.value(QStringLiteral("statement")).toObject();
    if (statement.isEmpty())
        return;
    ++m_checked;
    auto failed = [&](const QString& why) { m_failures.append(SignatureFailure{seq, why}); };
    const QString keyId = payload.value(QStringLiteral("key_id")).toString();
    const QString reviewer = statement.value(QStringLiteral("reviewer")).toString();
    const auto key = m_keys.constFind(keyId);
    if (key == m_keys.constEnd()) {
        failed(QStringLiteral("event %1 is signed with key %2, which no earlier event registered")
                   .arg(seq)
                   .arg(keyId));
        return;
    }
    if (key->username != reviewer || statement.value(QStringLiteral("key_id")).toString() != keyId) {
        failed(QStringLiteral("event %1 names reviewer %2 but key %3 belongs to %4")
                   .arg(seq)
                   .arg(reviewer, keyId, key->username));
        return;
    }
    if (actor != QStringLiteral("operator:") + reviewer ||
        subject != QStringLiteral("action:") + statement.value(QStringLiteral("request_id")).toString()) {
        failed(QStringLiteral(
                   "event %1 was ledgered by %2 about %3, not by its signer %4 about the signed request")
                   .arg(seq)
                   .arg(actor, subject, reviewer));
        return;
    }
    const QByteArray signature = QByteArray::fromBase64(
        payload.value(QStringLiteral("signature")).toString().toLatin1(), QByteArray::Base64UrlEncoding);
    if (!Ed25519::verify(key->publicKey, CanonicalJson::serialize(statement), signature))
        failed(QStringLiteral("event %1: the signature of %2 does not match the signed statement")
                   .arg(seq)
                   .arg(reviewer));
}

} // namespace gatehouse
