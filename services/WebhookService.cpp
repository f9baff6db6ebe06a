#include "WebhookService.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include "Authorization.h"
#include "Logging.h"
#include "WebhookPayload.h"
#include "WriteTransaction.h"

namespace gatehouse {

namespace {

constexpr qsizetype kMaxUrlLength = 2048;
constexpr qsizetype kMaxNameLength = 64;

std::unexpected<Error> invalid(const QString& message)
{
    return fail(ErrorCode::InvalidInput, message);
}

QString subjectOf(const QString& name)
{
    return QStringLiteral("webhook:") + name;
}

bool hasControlOrSpace(const QString& s)
{
    for (const QChar c : s)
        if (c.isSpace() || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return true;
    return false;
}

} // namespace

WebhookService::WebhookService(Database& db, AuditLedger& ledger, const Clock& clock, QString workspaceName,
                               WebhookSettings settings)
    : m_db(db), m_ledger(ledger), m_clock(clock), m_workspaceName(std::move(workspaceName)),
      m_settings(settings)
{}

QStringList WebhookService::eventTypes()
{
    return {QStringLiteral("review.opened"),   QStringLiteral("review.approved"),
            QStringLiteral("review.rejected"), QStringLiteral("review.escalated"),
            QStringLiteral("request.expired"), QStringLiteral("request.approval_lapsed")};
}

QString WebhookService::redactedUrl(const QString& url)
{
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || u.host().isEmpty())
        return QStringLiteral("(invalid URL)");
    QString out = u.scheme() + QStringLiteral("://") + u.host(QUrl::FullyEncoded);
    if (u.port() != -1)
        out += QLatin1Char(':') + QString::number(u.port());
    const bool more =
        (!u.path().isEmpty() && u.path() != QLatin1String("/")) || u.hasQuery() || u.hasFragment();
    return out + (more ? QStringLiteral("/\u2026") : QStringLiteral("/"));
}

Result<WebhookEndpointDraft> WebhookService::validate(WebhookEndpointDraft draft)
{
    draft.name = draft.name.trimmed();
    static const QRegularExpression nameRule(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (draft.name.isEmpty() || draft.name.size() > kMaxNameLength)
        return invalid(QStringLiteral("name: must be 1 to %1 characters").arg(kMaxNameLength));
    if (!nameRule.match(draft.name).hasMatch())
        return invalid(
            QStringLiteral("name: use letters, digits, '.', '_' and '-' (starting with a letter or digit)"));

    const QString url = draft.url.trimmed();
    if (url.isEmpty())
        return invalid(QStringLiteral("url: required"));
    if (url.size() > kMaxUrlLength)
        return invalid(QStringLiteral("url: longer than %1 characters").arg(kMaxUrlLength));
    if (hasControlOrSpace(url))
        return invalid(QStringLiteral("url: contains spaces or control characters"));
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid())
        return invalid(QStringLiteral("url: not a valid URL"));
    const QString scheme = u.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return invalid(QStringLiteral("url: scheme must be http or https, not \"%1\"")
                           .arg(scheme.isEmpty() ? QStringLiteral("(none)") : scheme.left(16)));
    if (u.host().isEmpty())
        return invalid(QStringLiteral("url: has no host"));
    if (!u.userInfo().isEmpty())
        return invalid(QStringLiteral("url: must not carry a user name or password"));
    if (u.hasFragment())
        return invalid(QStringLiteral("url: must not have a #fragment"));
    draft.url = url;

    draft.format = draft.format.trimmed().toLower();
    if (draft.format.isEmpty())
        draft.format = QStringLiteral("json");
    if (draft.format != QLatin1String("json") && draft.format != QLatin1String("slack"))
        return invalid(QStringLiteral("format: must be json or slack"));

    QStringList events;
    for (const QString& raw : std::as_const(draft.events)) {
        const QString e = raw.trimmed();
        if (e != QLatin1String("*") && !eventTypes().contains(e))
            return invalid(QStringLiteral("events: unknown event type \"%1\" (known: %2, or *)")
                               .arg(e.left(64), eventTypes().join(QStringLiteral(", "))));
        if (!events.contains(e))
            events.append(e);
    }
    if (events.isEmpty())
        return invalid(QStringLiteral("events: choose at least one event type, or *"));
    if (events.contains(QStringLiteral("*")))
        events = {QStringLiteral("*")};
    draft.events = events;
    return draft;
}

Result<WebhookEndpoint> WebhookService::find(const QString& name) const
{
    auto found = WebhookRepository(m_db.connection()).findEndpoint(name);
    if (!found)
        return std::unexpected(found.error());
    if (!found->has_value())
        return fail(ErrorCode::NotFound, QStringLiteral("no webhook named \"%1\"").arg(name.left(64)));
    return **found;
}

Result<WebhookEndpoint> WebhookService::add(const OperatorSession& actor, const WebhookEndpointDraft& draft)
{
    auto valid = validate(draft);
    if (!valid)
        return std::unexpected(valid.error());
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return std::unexpected(st.error());
    if (auto st =
            Authorization::requireCurrentAdmin(m_db.connection(), actor, QStringLiteral("add a webhook"));
        !st)
        return std::unexpected(st.error());
    WebhookRepository repo(m_db.connection());
    auto existing = repo.findEndpoint(valid->name);
    if (!existing)
        return std::unexpected(existing.error());
    if (existing->has_value())
        return fail(ErrorCode::Conflict,
                    QStringLiteral("name: a webhook named \"%1\" already exists").arg(valid->name));
    WebhookEndpoint e;
    e.name = valid->name;
    e.url = valid->url;
    e.format = valid->format;
    e.events = valid->events;
    e.enabled = true;
    e.createdBy = actor.username;
    e.createdAt = m_clock.now().toUTC();
    auto id = repo.insertEndpoint(e);
    if (!id)
        return std::unexpected(id.error());
    e.id = *id;
    auto ev =
        m_ledger.append({QStringLiteral("webhook.added"),
                         actor.actor(),
                         subjectOf(e.name),
                         {},
                         QJsonObject{{QStringLiteral("name"), e.name},
                                     {QStringLiteral("url"), redactedUrl(e.url)},
                                     {QStringLiteral("format"), e.format},
                                     {QStringLiteral("events"), QJsonArray::fromStringList(e.events)}}});
    if (!ev)
        return std::unexpected(ev.error());
    if (auto st = tx.commit(); !st)
        return std::unexpected(st.error());
    Logging::info(
        "webhooks",
        QStringLiteral("webhook %1 added by %2 (%3)").arg(e.name, actor.username, redactedUrl(e.url)));
    return e;
}

Status WebhookService::remove(const OperatorSession& actor, const QString& name)
{
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return st;
    if (auto st =
            Authorization::requireCurrentAdmin(m_db.connection(), actor, QStringLiteral("remove a webhook"));
        !st)
        return st;
    auto e = find(name);
    if (!e)
        return std::unexpected(e.error());
    auto discarded = WebhookRepository(m_db.connection()).deleteEndpoint(e->id);
    if (!discarded)
        return std::unexpected(discarded.error());
    auto ev = m_ledger.append({QStringLiteral("webhook.removed"),
                               actor.actor(),
                               subjectOf(e->name),
                               {},
                               QJsonObject{{QStringLiteral("name"), e->name},
                                           {QStringLiteral("url"), redactedUrl(e->url)},
                                           {QStringLiteral("pending_discarded"), *discarded}}});
    if (!ev)
        return std::unexpected(ev.error());
    return tx.commit();
}

Status WebhookService::setEnabled(const OperatorSession& actor, const QString& name, bool enabled)
{
    WriteTransaction tx(m_db.connection());
    if (auto st = tx.begun(); !st)
        return st;
    if (auto st = Authorization::requireCurrentAdmin(m_db.connection(), actor,
                                                     enabled ? QStringLiteral("enable a webhook")
                                                             : QStringLiteral("disable a webhook"));
        !st)
        return st;
    auto e = find(name);
    if (!e)
        return std::unexpected(e.error());
    if (e->enabled == enabled)
        return {};
    if (auto st = WebhookRepository(m_db.connection()).setEnabled(e->id, enabled); !st)
        return st;
    auto ev =
        m_ledger.append({enabled ? QStringLiteral("webhook.enabled") : QStringLiteral("webhook.disabled"),
                         actor.actor(),
                         subjectOf(e->name),
                         {},
                         QJsonObject{{QStringLiteral("name"), e->name}}});
    if (!ev)
        return std::unexpected(ev.error());
    return tx.commit();
}

Result<QList<WebhookEndpoint>> WebhookService::endpoints(const OperatorSession& actor) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    return WebhookRepository(m_db.connection()).endpoints();
}

Result<QList<WebhookDelivery>> WebhookService::deliveries(const OperatorSession& actor, bool failedOnly,
                                                          int limit) const
{
    if (auto st = Authorization::canReadCatalogue(actor); !st)
        return std::unexpected(st.error());
    if (limit < 1 || limit > 1000)
        return invalid(QStringLiteral("limit: must be 1 to 1000"));
    return WebhookRepository(m_db.connection()).deliveries(failedOnly, {}, limit);
}

Result<WebhookHealth> WebhookService::health() const
{
    auto rows = WebhookRepository(m_db.connection()).health();
    if (!rows)
        return std::unexpected(rows.error());
    WebhookHealth h;
    h.endpoints = *rows;
    for (const WebhookEndpointHealth& e : std::as_const(h.endpoints)) {
        h.pending += e.pending;
        h.failed += e.failed;
        h.dropped += e.dropped;
    }
    return h;
}

Status WebhookService::enqueue(const QString& eventType, const QJsonObject& body)
{
    WebhookRepository repo(m_db.connection());
    auto all = repo.endpoints();
    if (!all)
        return std::unexpected(all.error());
    const QDateTime now = m_clock.now().toUTC();
    const WebhookEvent event{eventType, now, m_workspaceName, body};
    for (const WebhookEndpoint& e : std::as_const(*all)) {
        if (!e.enabled || !e.subscribes(eventType))
            continue;
        const QByteArray payload = WebhookPayload::render(e.format, event);
        if (auto st = repo.insertDelivery(e.id, eventType, QString::fromUtf8(payload), now); !st)
            return st;
        auto dropped = repo.dropBeyond(e.id, m_settings.backlogCap, now);
        if (!dropped)
            return std::unexpected(dropped.error());
        if (*dropped > 0)
            Logging::warn("webhooks",
                          QStringLiteral("webhook %1: backlog full (%2 pending), dropped %3 oldest")
                              .arg(e.name)
                              .arg(m_settings.backlogCap)
                              .arg(*dropped));
    }
    return {};
}

} // namespace gatehouse
