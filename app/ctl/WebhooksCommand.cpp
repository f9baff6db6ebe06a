#include "WebhooksCommand.h"

#include <QJsonArray>
#include <QJsonObject>

#include "Application.h"
#include "CtlContext.h"
#include "CtlVerb.h"
#include "TerminalText.h"
#include "TextTable.h"

namespace gatehouse {

namespace {

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonObject deliveryJson(const WebhookDelivery& d)
{
    return QJsonObject{{QStringLiteral("id"), d.id},
                       {QStringLiteral("webhook"), d.endpointName},
                       {QStringLiteral("event"), d.eventType},
                       {QStringLiteral("state"), d.state},
                       {QStringLiteral("attempts"), d.attempts},
                       {QStringLiteral("next_attempt_at"),
                        d.state == QLatin1String("pending") ? iso(d.nextAttemptAt) : QString()},
                       {QStringLiteral("last_error"), d.lastError},
                       {QStringLiteral("created_at"), iso(d.createdAt)},
                       {QStringLiteral("delivered_at"), iso(d.deliveredAt)}};
}

} // namespace

QString WebhooksCommand::summary() const
{
    return QStringLiteral("Outgoing review notifications: endpoints and deliveries.");
}

QList<CtlVerb> WebhooksCommand::verbs() const
{
    return {
        {QStringLiteral("add"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Add an endpoint (admin)"),
         {option("url", "http:// or https:// URL to POST to (required).", "url"),
          option("payload", "Body format: json (default) or slack.", "format"),
          option("event", "Event type to send (repeatable; default all).", "type")},
         {QStringLiteral("event")},
         QStringLiteral("Event types: review.opened (new T2/T3 request), review.approved, review.rejected,\n"
                        "review.escalated, request.expired, request.approval_lapsed, or * for all.\n"
                        "Requests are not signed: use HTTPS and an unguessable URL.")},
        {QStringLiteral("list"),
         {},
         0,
         0,
         QStringLiteral("Endpoints with pending and failed counts"),
         {},
         {},
         {}},
        {QStringLiteral("remove"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Remove an endpoint and its deliveries (admin)"),
         {},
         {},
         {}},
        {QStringLiteral("enable"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Resume sending (admin)"),
         {},
         {},
         {}},
        {QStringLiteral("disable"),
         QStringLiteral("NAME"),
         1,
         1,
         QStringLiteral("Stop sending; events are not queued meanwhile (admin)"),
         {},
         {},
         {}},
        {QStringLiteral("deliveries"),
         {},
         0,
         0,
         QStringLiteral("Recent deliveries, newest first"),
         {option("failed", "Only deliveries that gave up (or were dropped)."),
          option("limit", "At most N rows (default 50).", "n")},
         {},
         {}},
    };
}

int WebhooksCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                         CtlContext& context)
{
    if (verb == QStringLiteral("add"))
        return add(arguments.value(0), parser, context);
    if (verb == QStringLiteral("list"))
        return list(context);
    if (verb == QStringLiteral("remove"))
        return remove(arguments.value(0), context);
    if (verb == QStringLiteral("enable") || verb == QStringLiteral("disable"))
        return setEnabled(arguments.value(0), verb == QStringLiteral("enable"), context);
    return deliveries(parser, context);
}

int WebhooksCommand::add(const QString& name, const QCommandLineParser& parser, CtlContext& context)
{
    if (!parser.isSet(QStringLiteral("url")))
        return context.usageError(QStringLiteral("--url is required"));
    WebhookEndpointDraft draft;
    draft.name = name;
    draft.url = parser.value(QStringLiteral("url"));
    if (parser.isSet(QStringLiteral("payload")))
        draft.format = parser.value(QStringLiteral("payload"));
    QStringList events;
    for (const QString& value : parser.values(QStringLiteral("event")))
        for (const QString& part : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
            events.append(part.trimmed());
    if (!events.isEmpty())
        draft.events = events;
    // Refuse bad input before asking for a password.
    if (auto valid = WebhookService::validate(draft); !valid)
        return context.report(valid.error());
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    auto added = app->webhooks().add(*session, draft);
    if (!added)
        return context.report(added.error());
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("name"), added->name},
                                      {QStringLiteral("url"), WebhookService::redactedUrl(added->url)},
                                      {QStringLiteral("format"), added->format},
                                      {QStringLiteral("events"), QJsonArray::fromStringList(added->events)},
                                      {QStringLiteral("enabled"), added->enabled}});
        return CtlContext::kExitOk;
    }
    context.out() << "added webhook " << added->name << " -> " << WebhookService::redactedUrl(added->url)
                  << " (" << added->format << ", events " << added->events.join(QStringLiteral(", "))
                  << ")\n";
    return CtlContext::kExitOk;
}

int WebhooksCommand::list(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    auto endpoints = app->webhooks().endpoints(*session);
    if (!endpoints)
        return context.report(endpoints.error());
    auto health = app->webhooks().health();
    if (!health)
        return context.report(health.error());
    QHash<QString, WebhookEndpointHealth> byName;
    for (const auto& h : std::as_const(health->endpoints))
        byName.insert(h.name, h);
    if (context.json()) {
        QJsonArray array;
        for (const WebhookEndpoint& e : std::as_const(*endpoints)) {
            const WebhookEndpointHealth h = byName.value(e.name);
            array.append(QJsonObject{{QStringLiteral("name"), e.name},
                                     {QStringLiteral("url"), WebhookService::redactedUrl(e.url)},
                                     {QStringLiteral("format"), e.format},
                                     {QStringLiteral("events"), QJsonArray::fromStringList(e.events)},
                                     {QStringLiteral("enabled"), e.enabled},
                                     {QStringLiteral("created_by"), e.createdBy},
                                     {QStringLiteral("created_at"), iso(e.createdAt)},
                                     {QStringLiteral("pending"), h.pending},
                                     {QStringLiteral("delivered"), h.delivered},
                                     {QStringLiteral("failed"), h.failed},
                                     {QStringLiteral("dropped"), h.dropped},
                                     {QStringLiteral("last_error"), h.lastError}});
        }
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    TextTable table({QStringLiteral("NAME"), QStringLiteral("URL"), QStringLiteral("FORMAT"),
                     QStringLiteral("EVENTS"), QStringLiteral("ENABLED"), QStringLiteral("PENDING"),
                     QStringLiteral("FAILED"), QStringLiteral("LAST ERROR")});
    for (const WebhookEndpoint& e : std::as_const(*endpoints)) {
        const WebhookEndpointHealth h = byName.value(e.name);
        QString failed = QString::number(h.failed);
        if (h.dropped > 0)
            failed += QStringLiteral(" (%1 dropped)").arg(h.dropped);
        table.addRow({TerminalText::printable(e.name),
                      TerminalText::printable(WebhookService::redactedUrl(e.url)), e.format,
                      e.events.join(QLatin1Char(',')),
                      e.enabled ? QStringLiteral("yes") : QStringLiteral("no"), QString::number(h.pending),
                      failed, TerminalText::printable(h.lastError)});
    }
    table.print(context.out());
    return CtlContext::kExitOk;
}

int WebhooksCommand::remove(const QString& name, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    if (auto st = app->webhooks().remove(*session, name); !st)
        return context.report(st.error());
    if (!context.json())
        context.out() << "removed webhook " << TerminalText::printable(name) << '\n';
    else
        context.printJson(QJsonObject{{QStringLiteral("removed"), name}});
    return CtlContext::kExitOk;
}

int WebhooksCommand::setEnabled(const QString& name, bool enabled, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    if (auto st = app->webhooks().setEnabled(*session, name, enabled); !st)
        return context.report(st.error());
    if (!context.json())
        context.out() << (enabled ? "enabled" : "disabled") << " webhook " << TerminalText::printable(name)
                      << '\n';
    else
        context.printJson(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("enabled"), enabled}});
    return CtlContext::kExitOk;
}

int WebhooksCommand::deliveries(const QCommandLineParser& parser, CtlContext& context)
{
    int limit = 50;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000)
            return context.usageError(QStringLiteral("--limit must be a number from 1 to 1000"));
    }
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    auto rows = app->webhooks().deliveries(*session, parser.isSet(QStringLiteral("failed")), limit);
    if (!rows)
        return context.report(rows.error());
    if (context.json()) {
        QJsonArray array;
        for (const WebhookDelivery& d : std::as_const(*rows))
            array.append(deliveryJson(d));
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    TextTable table({QStringLiteral("ID"), QStringLiteral("WEBHOOK"), QStringLiteral("EVENT"),
                     QStringLiteral("STATE"), QStringLiteral("ATTEMPTS"), QStringLiteral("CREATED"),
                     QStringLiteral("NEXT/DONE"), QStringLiteral("LAST ERROR")});
    for (const WebhookDelivery& d : std::as_const(*rows))
        table.addRow({QString::number(d.id), TerminalText::printable(d.endpointName), d.eventType, d.state,
                      QString::number(d.attempts), iso(d.createdAt),
                      d.state == QLatin1String("pending") ? iso(d.nextAttemptAt) : iso(d.deliveredAt),
                      TerminalText::printable(d.lastError)});
    table.print(context.out());
    return CtlContext::kExitOk;
}

} // namespace gatehouse
