#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QStringList>

#include "Error.h"
#include "PolicyDecision.h"

namespace gatehouse {

/// One published policy version (table policy_publications).
struct PolicyVersionRecord
{
    qint64 publication = 0; ///< row id; the highest is in force
    QString hash;           ///< SHA-256 hex of body
    QString label;          ///< the policy's "version" field
    QByteArray body;        ///< RFC 8785 canonical JSON
    QByteArray source;      ///< the text as submitted (formatting kept for the editor)
    int ruleCount = 0;
    QString publishedBy;   ///< ledger actor ("operator:alice", "system")
    QDateTime publishedAt; ///< UTC
};

/// A shadow policy registration (table policy_shadows).
struct ShadowPolicyRecord
{
    qint64 id = 0;
    QString hash;
    QString label;
    QByteArray body;
    QString registeredBy;
    QDateTime registeredAt;
    QString clearedBy;
    QDateTime clearedAt; ///< invalid while running
};

/// A decision the shadow policy would have made differently (table policy_shadow_flips).
struct ShadowFlip
{
    qint64 id = 0;
    qint64 shadowId = 0;
    QString requestId;
    QString pathId;
    QString actionType;
    QString target;
    QString liveVersion;
    PolicyOutcome liveOutcome = PolicyOutcome::Review;
    QString shadowVersion;
    PolicyOutcome shadowOutcome = PolicyOutcome::Review;
    QStringList shadowRules;
    QDateTime decidedAt;
};

/// A request as the gateway recorded it (table action_requests), for what-if replays.
struct RecordedRequest
{
    QString id;
    QString pathId;
    QByteArray body; ///< the proposed-action JSON
    QString status;
    PolicyOutcome outcome = PolicyOutcome::Review;
    QString policyVersion;
    QDateTime receivedAt;
};

/// SQL of the policy tables (migration 3) and the read of action_requests replays need.
/// Writes run inside the caller's WriteTransaction.
class PolicyStore
{
public:
    explicit PolicyStore(QSqlDatabase db) : m_db(std::move(db)) {}

    /// The publication in force (highest id), or nullopt on a fresh workspace.
    [[nodiscard]] Result<std::optional<PolicyVersionRecord>> current() const;
    /// (id, hash) of the publication in force: a cheap check whether a cache is stale.
    [[nodiscard]] Result<std::optional<std::pair<qint64, QString>>> currentId() const;
    /// The latest publication of \a hash (a unique prefix of >= 8 hex digits is accepted).
    [[nodiscard]] Result<std::optional<PolicyVersionRecord>> byHash(const QString& hash) const;
    /// Every publication, newest first, without bodies.
    [[nodiscard]] Result<QList<PolicyVersionRecord>> history() const;
    [[nodiscard]] Result<qint64> insertPublication(const PolicyVersionRecord& record);

    [[nodiscard]] Result<std::optional<ShadowPolicyRecord>> runningShadow() const;
    [[nodiscard]] Result<qint64> insertShadow(const ShadowPolicyRecord& record);
    [[nodiscard]] Status clearShadow(qint64 id, const QString& by, const QDateTime& at);
    [[nodiscard]] Status insertFlip(const ShadowFlip& flip);
    /// Flips of shadow \a shadowId (0 = all), newest first, at most \a limit.
    [[nodiscard]] Result<QList<ShadowFlip>> flips(qint64 shadowId, int limit) const;

    /// Requests received in [from, to] (UTC), oldest first, at most \a limit.
    [[nodiscard]] Result<QList<RecordedRequest>> recorded(const QDateTime& from, const QDateTime& to,
                                                          int limit) const;

    static QString iso(const QDateTime& t) { return t.toUTC().toString(Qt::ISODateWithMs); }

private:
    QSqlDatabase m_db;
};

} // namespace gatehouse
