#include "AuditLedger.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "CanonicalJson.h"
#include "CryptoPrimitives.h"
#include "Logging.h"
#include "ReviewSignatureCheck.h"

namespace gatehouse {

namespace {

const QByteArray kGenesis(32, '\0');

/// The canonical event bytes from stored parts; \a payloadCanonical is inserted verbatim
/// (it is stored already canonical, so any change to it changes the hash).
QByteArray canonicalFromParts(qint64 seq, const QString& ts, const QString& type, const QString& actor,
                              const QString& subject, const QString& correlationId,
                              const QByteArray& payloadCanonical)
{
    // Member names in RFC 8785 order: actor, correlation_id, payload, seq, subject, timestamp, type.
    QByteArray out;
    out.reserve(160 + payloadCanonical.size());
    out.append("{\"actor\":").append(CanonicalJson::quote(actor));
    out.append(",\"correlation_id\":").append(CanonicalJson::quote(correlationId));
    out.append(",\"payload\":").append(payloadCanonical);
    out.append(",\"seq\":").append(QByteArray::number(seq));
    out.append(",\"subject\":").append(CanonicalJson::quote(subject));
    out.append(",\"timestamp\":").append(CanonicalJson::quote(ts));
    out.append(",\"type\":").append(CanonicalJson::quote(type));
    out.append('}');
    return out;
}

QString isoMs(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}

AuditEvent eventFromRow(const QSqlQuery& q)
{
    AuditEvent e;
    e.seq = q.value(0).toLongLong();
    e.timestamp = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs).toUTC();
    e.type = q.value(2).toString();
    e.actor = q.value(3).toString();
    e.subject = q.value(4).toString();
    e.correlationId = q.value(5).toString();
    e.payload = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
    e.prevHash = q.value(7).toByteArray();
    e.hash = q.value(8).toByteArray();
    return e;
}

const char* kSelectColumns =
    "SELECT seq, ts, type, actor, subject, correlation_id, payload, prev_hash, hash FROM audit_ledger";

/// If the row's content hashes correctly under a higher sequence number, it was moved
/// down after earlier rows were deleted; returns that original number, or 0.
qint64 renumberedFrom(const QSqlQuery& q, const QByteArray& prev, const QByteArray& stored)
{
    const qint64 seq = q.value(0).toLongLong();
    // Runs only once damage is found, so a wide search costs one pass of hashing at most.
    for (qint64 candidate = seq + 1; candidate <= seq + 100000; ++candidate) {
        const QByteArray h = CryptoPrimitives::sha256(
            prev,
            canonicalFromParts(candidate, q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                               q.value(4).toString(), q.value(5).toString(), q.value(6).toString().toUtf8()));
        if (h == stored)
            return candidate;
    }
    return 0;
}

void collectValues(const QJsonValue& v, QStringList& out)
{
    if (v.isString())
        out << v.toString();
    else if (v.isDouble())
        out << QString::number(v.toDouble());
    else if (v.isBool())
        out << (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    else if (v.isArray())
        for (const auto& item : v.toArray())
            collectValues(item, out);
    else if (v.isObject())
        for (const auto& item : v.toObject())
            collectValues(item, out);
}

/// The string, number and boolean values of a stored payload, one per line.
QString payloadValues(const QByteArray& json)
{
    QStringList out;
    collectValues(QJsonDocument::fromJson(json).object(), out);
    return out.join(QLatin1Char('\n'));
}

} // namespace

AuditLedger::AuditLedger(QSqlDatabase db, const Clock& clock) : m_db(std::move(db)), m_clock(clock) {}

QByteArray AuditLedger::canonicalEvent(const AuditEvent& e)
{
    return canonicalFromParts(e.seq, isoMs(e.timestamp), e.type, e.actor, e.subject, e.correlationId,
                              CanonicalJson::serialize(e.payload));
}

QByteArray AuditLedger::chainHash(const QByteArray& prevHash, const AuditEvent& event)
{
    return CryptoPrimitives::sha256(prevHash, canonicalEvent(event));
}

Result<AuditEvent> AuditLedger::append(const AuditEventDraft& draft)
{
    QSqlQuery head(m_db);
    head.setForwardOnly(true);
    if (!head.exec(QStringLiteral("SELECT seq, hash FROM audit_ledger ORDER BY seq DESC LIMIT 1")))
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("audit ledger unavailable: %1").arg(head.lastError().text()));
    AuditEvent e;
    e.prevHash = kGenesis;
    e.seq = 1;
    if (head.next()) {
        e.seq = head.value(0).toLongLong() + 1;
        e.prevHash = head.value(1).toByteArray();
    }
    head.finish();

    const QDateTime now = m_clock.now().toUTC();
    e.timestamp = QDateTime::fromMSecsSinceEpoch(now.toMSecsSinceEpoch(), Qt::UTC);
    e.type = draft.type;
    e.actor = draft.actor;
    e.subject = draft.subject;
    e.correlationId = draft.correlationId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                                    : draft.correlationId;
    e.payload = draft.payload;
    const QByteArray payloadCanonical = CanonicalJson::serialize(e.payload);
    const QString ts = isoMs(e.timestamp);
    e.hash = CryptoPrimitives::sha256(e.prevHash, canonicalFromParts(e.seq, ts, e.type, e.actor, e.subject,
                                                                     e.correlationId, payloadCanonical));

    QSqlQuery ins(m_db);
    ins.prepare(
        QStringLiteral("INSERT INTO audit_ledger(seq, ts, type, actor, subject, correlation_id, payload, "
                       "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    ins.addBindValue(e.seq);
    ins.addBindValue(ts);
    ins.addBindValue(e.type);
    ins.addBindValue(e.actor);
    ins.addBindValue(e.subject);
    ins.addBindValue(e.correlationId);
    ins.addBindValue(QString::fromUtf8(payloadCanonical));
    ins.addBindValue(e.prevHash);
    ins.addBindValue(e.hash);
    if (!ins.exec()) {
        Logging::error("audit", QStringLiteral("append failed: %1").arg(ins.lastError().text()));
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("audit ledger append failed: %1").arg(ins.lastError().text()));
    }
    return e;
}

Result<LedgerVerification> AuditLedger::verify(const std::function<void(qint64)>& progress) const
{
    LedgerVerification v;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QString::fromLatin1(kSelectColumns) + QStringLiteral(" ORDER BY seq")))
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot read the audit ledger: %1").arg(q.lastError().text()));

    ReviewSignatureCheck signatures;
    QByteArray running = kGenesis;
    QByteArray previousLink; // prev_hash of the row before, to spot two rows chained to one predecessor
    qint64 expected = 1;
    auto damage = [&](LedgerDamage kind, qint64 seq, const QString& detail) {
        v.damage = kind;
        v.firstBadSeq = seq;
        v.detail = detail;
    };

    while (q.next()) {
        const qint64 seq = q.value(0).toLongLong();
        const QByteArray prev = q.value(7).toByteArray();
        const QByteArray stored = q.value(8).toByteArray();
        const QByteArray own = CryptoPrimitives::sha256(
            prev,
            canonicalFromParts(seq, q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                               q.value(4).toString(), q.value(5).toString(), q.value(6).toString().toUtf8()));
        ++v.eventCount;
        v.lastSeq = seq;

        if (seq < expected) {
            damage(LedgerDamage::Inserted, seq,
                   QStringLiteral("an event with sequence number %1 was inserted before the first event")
                       .arg(seq));
            break;
        }
        if (seq != expected) {
            damage(LedgerDamage::Missing, expected,
                   seq == expected + 1
                       ? QStringLiteral("event %1 is missing").arg(expected)
                       : QStringLiteral("events %1 to %2 are missing").arg(expected).arg(seq - 1));
            break;
        }
        const bool selfConsistent = CryptoPrimitives::constantTimeEquals(own, stored);
        if (prev == running) {
            if (!selfConsistent) {
                damage(LedgerDamage::Modified, seq,
                       QStringLiteral("event %1 does not match its hash: its content was changed").arg(seq));
                break;
            }
        } else {
            // The link to the previous event is broken: find out why.
            if (seq > 1 && prev == previousLink) {
                damage(LedgerDamage::Inserted, seq - 1,
                       QStringLiteral("event %1 was inserted: it and event %2 both chain to event %3")
                           .arg(seq - 1)
                           .arg(seq)
                           .arg(seq - 2));
                break;
            }
            QSqlQuery later(m_db);
            later.prepare(QStringLiteral("SELECT seq FROM audit_ledger WHERE hash = ? AND seq > ? LIMIT 1"));
            later.addBindValue(prev);
            later.addBindValue(seq);
            if (later.exec() && later.next()) {
                damage(
                    LedgerDamage::Reordered, seq,
                    QStringLiteral("event %1 holds the event chained after the one now stored at %2: events "
                                   "were reordered")
                        .arg(seq)
                        .arg(later.value(0).toLongLong()));
            } else if (const qint64 original = renumberedFrom(q, prev, stored); original > 0) {
                damage(
                    LedgerDamage::Missing, seq,
                    QStringLiteral("event %1 holds event %2 renumbered: %3 event(s) before it were removed")
                        .arg(seq)
                        .arg(original)
                        .arg(original - seq));
            } else if (selfConsistent && seq > 1) {
                damage(
                    LedgerDamage::Modified, seq - 1,
                    QStringLiteral("event %1 was rewritten with a recomputed hash; event %2 still links to "
                                   "the original")
                        .arg(seq - 1)
                        .arg(seq));
            } else {
                damage(LedgerDamage::Modified, seq,
                       QStringLiteral("event %1 does not link to the previous event").arg(seq));
            }
            break;
        }
        signatures.observe(seq, q.value(2).toString(), q.value(3).toString(), q.value(4).toString(),
                           q.value(6).toString().toUtf8());
        previousLink = prev;
        running = stored;
        ++expected;
        if (progress && (v.eventCount % 10000) == 0)
            progress(v.eventCount);
    }
    if (q.lastError().isValid())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot read the audit ledger: %1").arg(q.lastError().text()));
    if (v.intact())
        v.headHash = v.eventCount ? running : QByteArray();
    v.missingProtections = missingProtections();
    v.signaturesChecked = signatures.checked();
    v.signatureFailures = signatures.failures();
    if (progress)
        progress(v.eventCount);
    return v;
}

QStringList AuditLedger::missingProtections() const
{
    static const QStringList kTriggers = {QStringLiteral("audit_ledger_no_update"),
                                          QStringLiteral("audit_ledger_no_delete"),
                                          QStringLiteral("audit_ledger_append_in_order")};
    QStringList missing;
    for (const QString& name : kTriggers) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND "
                                 "tbl_name = 'audit_ledger'"));
        q.addBindValue(name);
        if (!q.exec() || !q.next() || !q.value(0).toString().contains(QStringLiteral("RAISE(ABORT")))
            missing << name;
    }
    return missing;
}

Result<QList<AuditEvent>> AuditLedger::events(const AuditQuery& query) const
{
    QStringList where;
    QVariantList binds;
    if (!query.subject.isEmpty()) {
        where << QStringLiteral("subject = ?");
        binds << query.subject;
    }
    if (query.from.isValid()) {
        where << QStringLiteral("ts >= ?");
        binds << isoMs(query.from);
    }
    if (query.to.isValid()) {
        where << QStringLiteral("ts <= ?");
        binds << isoMs(query.to);
    }
    if (query.afterSeq > 0) {
        where << QStringLiteral("seq > ?");
        binds << query.afterSeq;
    }
    QString sql = QString::fromLatin1(kSelectColumns);
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    // Newest first so the limit keeps the most recent matches; reversed below.
    sql += QStringLiteral(" ORDER BY seq DESC");

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot read the audit ledger: %1").arg(q.lastError().text()));

    // Text is matched here, literally and case-insensitively (also for non-ASCII), never
    // handed to SQL as a pattern.
    QList<AuditEvent> out;
    const int limit = query.limit > 0 ? query.limit : 1000;
    while (q.next() && out.size() < limit) {
        if (!query.text.isEmpty()) {
            bool hit = false;
            for (int col : {2, 3, 4, 5}) {
                if (q.value(col).toString().contains(query.text, Qt::CaseInsensitive)) {
                    hit = true;
                    break;
                }
            }
            // The payload is matched on its decoded values, so `agent "alpha"` finds a payload
            // that stores it escaped, and key names do not match.
            if (!hit)
                hit = payloadValues(q.value(6).toByteArray()).contains(query.text, Qt::CaseInsensitive);
            if (!hit)
                continue;
        }
        out.prepend(eventFromRow(q));
    }
    return out;
}

Result<qint64> AuditLedger::count() const
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM audit_ledger")) || !q.next())
        return fail(ErrorCode::StorageFailure,
                    QStringLiteral("cannot read the audit ledger: %1").arg(q.lastError().text()));
    return q.value(0).toLongLong();
}

} // namespace gatehouse
