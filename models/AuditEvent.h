#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace gatehouse {

/// One entry of the append-only audit ledger.
///
/// hash = SHA-256(prevHash || RFC 8785 canonical JSON of
///   {"actor","correlation_id","payload","seq","subject","timestamp","type"}),
/// where timestamp is ISO 8601 UTC with milliseconds ("2026-11-29T07:47:13.123Z")
/// and the first event's prevHash is 32 zero bytes.
struct AuditEvent
{
    qint64 seq = 0;        ///< 1, 2, 3 ... without gaps
    QDateTime timestamp;   ///< UTC, millisecond precision
    QString type;          ///< dotted, e.g. "path.activated"
    QString actor;         ///< "operator:<username>", "workload:<spiffe id>" or "system"
    QString subject;       ///< what the event is about, e.g. "path:soc-isolate-endpoint"
    QString correlationId; ///< ties the events of one flow together
    QJsonObject payload;   ///< event details (before/after values, reasons)
    QByteArray prevHash;   ///< 32 bytes
    QByteArray hash;       ///< 32 bytes
};

/// What a caller supplies to append an event; the ledger fills in seq, time and hashes.
struct AuditEventDraft
{
    QString type;
    QString actor;
    QString subject;
    QString correlationId; ///< empty: the ledger makes a fresh UUID
    QJsonObject payload;
};

} // namespace gatehouse
