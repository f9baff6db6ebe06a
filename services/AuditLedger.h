#pragma once

#include <functional>

#include <QList>
#include <QSqlDatabase>

#include "AuditEvent.h"
#include "Clock.h"
#include "Error.h"
#include "LedgerVerification.h"

namespace gatehouse {

/// Filter for reading the ledger (the audit timeline and the CLI).
struct AuditQuery
{
    QString text;        ///< literal, case-insensitive match in type, actor, subject or payload
    QString subject;     ///< exact subject, empty = any
    QDateTime from, to;  ///< UTC, inclusive; invalid = open
    qint64 afterSeq = 0; ///< only events with seq > afterSeq
    int limit = 1000;    ///< at most this many, newest last
};

/// The append-only, hash-chained audit ledger (table audit_ledger).
///
/// Chain: hash_n = SHA-256(hash_{n-1} || JCS(event_n)) with hash_0 = 32 zero bytes,
/// JCS = RFC 8785 canonical JSON of {actor, correlation_id, payload, seq, subject,
/// timestamp, type}. SQLite triggers refuse UPDATE and DELETE on the table.
class AuditLedger
{
public:
    AuditLedger(QSqlDatabase db, const Clock& clock);

    /// Appends one event. Must run inside the caller's WriteTransaction, so the event
    /// commits or rolls back with the change it records. StorageFailure if the insert fails.
    [[nodiscard]] Result<AuditEvent> append(const AuditEventDraft& draft);

    /// Recomputes the whole chain in sequence order. Never throws on damage: the
    /// result names the first bad sequence number and the kind of damage.
    /// \a progress (optional) is called with the number of events checked so far.
    [[nodiscard]] Result<LedgerVerification> verify(const std::function<void(qint64)>& progress = {}) const;

    /// Events matching \a query, in sequence order. Filter text is bound, never spliced.
    [[nodiscard]] Result<QList<AuditEvent>> events(const AuditQuery& query) const;
    /// Names of the append-only triggers that are missing or no longer abort.
    QStringList missingProtections() const;
    /// Number of events and last sequence number.
    [[nodiscard]] Result<qint64> count() const;

    /// Hash of one event as the chain defines it (exposed for tests and tools).
    static QByteArray chainHash(const QByteArray& prevHash, const AuditEvent& event);
    /// The RFC 8785 bytes hashed for \a event (payload in canonical form).
    static QByteArray canonicalEvent(const AuditEvent& event);

private:
    QSqlDatabase m_db;
    const Clock& m_clock;
};

} // namespace gatehouse
