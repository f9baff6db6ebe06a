#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include "LedgerVerification.h"

namespace gatehouse {

/// Checks the signed review events of the ledger from the ledger alone, in sequence order:
/// "operator.key_registered" events introduce public keys {username, key_id, public_key
/// (base64url)}; every later event carrying {statement, key_id, signature} must be signed
/// (Ed25519 over the RFC 8785 form of statement) by a key registered earlier, belonging to
/// statement.reviewer, and be ledgered by actor "operator:<statement.reviewer>" about
/// "action:<statement.request_id>". So an approval cannot be attributed to someone who did
/// not sign it, even by someone able to rewrite the reviews table.
class ReviewSignatureCheck
{
public:
    /// Feeds one event (payload as stored JSON text).
    void observe(qint64 seq, const QString& type, const QString& actor, const QString& subject,
                 const QByteArray& payloadJson);
    qint64 checked() const { return m_checked; }
    const QList<SignatureFailure>& failures() const { return m_failures; }

private:
    struct Key
    {
        QString username;
        QByteArray publicKey;
    };
    QHash<QString, Key> m_keys;
    qint64 m_checked = 0;
    QList<SignatureFailure> m_failures;
};

} // namespace gatehouse
