#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

/// Kind of damage found by AuditLedger::verify(), for the first bad event.
enum class LedgerDamage
{
    None,
    Modified,  ///< the event's content no longer matches its hash
    Missing,   ///< an event was removed (gap in sequence numbers or broken link to a self-consistent event)
    Reordered, ///< events are stored out of their chained order
    Inserted,  ///< an event was slipped into the chain (two events link to the same predecessor)
};

/// "none", "modified", "missing", "reordered", "inserted"
QString ledgerDamageName(LedgerDamage damage);

/// A signed ledger event whose signature does not hold (see ReviewSignatureCheck).
struct SignatureFailure
{
    qint64 seq = 0;
    QString detail;
};

/// Outcome of recomputing the whole hash chain.
struct LedgerVerification
{
    qint64 eventCount = 0; ///< events read
    qint64 lastSeq = 0;    ///< highest sequence number read
    QByteArray headHash;   ///< hash of the last event (32 bytes), empty for an empty ledger
    LedgerDamage damage = LedgerDamage::None;
    qint64 firstBadSeq = 0; ///< sequence number where damage was first seen (0 when intact)
    QString detail;         ///< one sentence on the damage
    /// Append-only triggers that are missing or altered: the chain may still be intact, but the
    /// database no longer refuses UPDATE/DELETE, which only someone with file access can cause.
    QStringList missingProtections;

    /// Signed review events checked, and those whose signature, key or signer is wrong.
    qint64 signaturesChecked = 0;
    QList<SignatureFailure> signatureFailures;

    bool intact() const { return damage == LedgerDamage::None; }
    /// Chain intact, every signature valid and every append-only protection in place.
    bool fullyIntact() const
    {
        return intact() && signatureFailures.isEmpty() && missingProtections.isEmpty();
    }
};

} // namespace gatehouse
