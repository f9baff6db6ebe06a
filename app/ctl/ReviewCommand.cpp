#include "ReviewCommand.h"

#include <QJsonArray>
#include <QJsonDocument>
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

QString left(const QDateTime& from, const QDateTime& until)
{
    const qint64 s = from.secsTo(until);
    if (s <= 0)
        return QStringLiteral("0m");
    if (s >= 86400)
        return QStringLiteral("%1d%2h").arg(s / 86400).arg((s % 86400) / 3600);
    if (s >= 3600)
        return QStringLiteral("%1h%2m").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1m").arg((s + 59) / 60);
}

QJsonObject rowJson(const ReviewQueueRow& r)
{
    return QJsonObject{{QStringLiteral("request_id"), r.requestId},
                       {QStringLiteral("path_id"), r.pathId},
                       {QStringLiteral("action_type"), r.actionType},
                       {QStringLiteral("target"), r.target},
                       {QStringLiteral("tier"), severityTierCode(r.tier)},
                       {QStringLiteral("confidence"), r.confidence},
                       {QStringLiteral("triggers"), QJsonArray::fromStringList(r.triggers)},
                       {QStringLiteral("received_at"), iso(r.receivedAt)},
                       {QStringLiteral("expires_at"), iso(r.expiresAt)},
                       {QStringLiteral("sla_due_at"), iso(r.slaDueAt)},
                       {QStringLiteral("approvals"), r.approvals},
                       {QStringLiteral("required_approvals"), r.requiredApprovals},
                       {QStringLiteral("escalated"), r.escalated},
                       {QStringLiteral("status"), r.status}};
}

QJsonObject entryJson(const ReviewEntry& e, bool signatureValid)
{
    return QJsonObject{{QStringLiteral("reviewer"), e.reviewer},
                       {QStringLiteral("verdict"), reviewVerdictName(e.verdict)},
                       {QStringLiteral("justification"), e.justification},
                       {QStringLiteral("at"), iso(e.createdAt)},
                       {QStringLiteral("key_id"), e.keyId},
                       {QStringLiteral("signature_valid"), signatureValid}};
}

} // namespace

QString ReviewCommand::summary() const
{
    return QStringLiteral("Work the human review queue: approve, reject, escalate.");
}

QList<CtlVerb> ReviewCommand::verbs() const
{
    const auto reason =
        option("reason", "Justification (required; returned to the agent on reject).", "text");
    return {
        {QStringLiteral("list"),
         {},
         0,
         0,
         QStringLiteral("Pending requests, T3 first, oldest first"),
         {option("all", "Include resolved requests (approved, rejected, expired)."),
          option("text", "Only requests containing this literal text.", "text"),
          option("limit", "At most N rows (default 100).", "n")},
         {},
         {}},
        {QStringLiteral("show"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("One request with its reviews"),
         {},
         {},
         {}},
        {QStringLiteral("approve"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Approve, signed with your key"),
         {reason},
         {},
         {}},
        {QStringLiteral("reject"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Reject; ends the request"),
         {reason},
         {},
         {}},
        {QStringLiteral("escalate"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Hand the request to managers"),
         {reason},
         {},
         {}},
        {QStringLiteral("break-glass"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Admin approves alone (flagged; a manager reviews it afterwards)"),
         {reason},
         {},
         {}},
        {QStringLiteral("follow-ups"),
         {},
         0,
         0,
         QStringLiteral("Break-glass approvals awaiting a manager's review"),
         {},
         {},
         {}},
        {QStringLiteral("close-follow-up"),
         QStringLiteral("ID"),
         1,
         1,
         QStringLiteral("Record a manager's review of a break-glass approval"),
         {option("note", "What the manager concluded (required).", "text")},
         {},
         {}},
    };
}

int ReviewCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                       CtlContext& context)
{
    if (verb == QStringLiteral("list"))
        return list(parser, context);
    if (verb == QStringLiteral("show"))
        return show(arguments.value(0), context);
    if (verb == QStringLiteral("follow-ups"))
        return followUps(context);
    if (verb == QStringLiteral("close-follow-up"))
        return closeFollowUp(arguments.value(0), parser, context);
    return act(verb, arguments.value(0), parser, context);
}

int ReviewCommand::list(const QCommandLineParser& parser, CtlContext& context)
{
    ReviewQueueFilter filter;
    filter.includeResolved = parser.isSet(QStringLiteral("all"));
    filter.text = parser.value(QStringLiteral("text"));
    int limit = 100;
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
    if (auto swept = app->review().sweep(); !swept)
        return context.report(swept.error());
    auto rows = app->review().queue(*session, filter, 0, limit);
    if (!rows)
        return context.report(rows.error());
    if (context.json()) {
        QJsonArray array;
        for (const auto& r : *rows)
            array.append(rowJson(r));
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    const QDateTime now = app->clock().now();
    TextTable table({QStringLiteral("REQUEST"), QStringLiteral("TIER"), QStringLiteral("PATH"),
                     QStringLiteral("ACTION"), QStringLiteral("TARGET"), QStringLiteral("APPROVALS"),
                     QStringLiteral("AGE"), QStringLiteral("LEFT"), QStringLiteral("STATUS")});
    for (const auto& r : *rows) {
        QString status = r.status;
        if (r.status == QLatin1String("pending_review") && now > r.slaDueAt)
            status += QStringLiteral(" (overdue)");
        if (r.escalated)
            status += QStringLiteral(" (escalated)");
        table.addRow({r.requestId, severityTierCode(r.tier), TerminalText::printable(r.pathId),
                      TerminalText::printable(r.actionType), TerminalText::printable(r.target),
                      QStringLiteral("%1/%2").arg(r.approvals).arg(r.requiredApprovals),
                      left(r.receivedAt, now), left(now, r.expiresAt), status});
    }
    table.print(context.out());
    return CtlContext::kExitOk;
}

int ReviewCommand::show(const QString& id, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    if (auto swept = app->review().sweep(); !swept)
        return context.report(swept.error());
    auto d = app->review().detail(*session, id);
    if (!d)
        return context.report(d.error());
    QJsonArray reviews;
    for (const auto& e : d->reviews)
        reviews.append(entryJson(e, app->review().verifySignature(e)));
    QJsonObject o{{QStringLiteral("request_id"), d->request.id},
                  {QStringLiteral("status"), actionStatusName(d->request.status)},
                  {QStringLiteral("path_id"), d->request.pathId},
                  {QStringLiteral("path_owner"), d->path ? d->path->owner : QString()},
                  {QStringLiteral("tier"), severityTierCode(d->reviewCase.tier)},
                  {QStringLiteral("action_type"), d->request.actionType},
                  {QStringLiteral("target"), d->request.target},
                  {QStringLiteral("request"), d->request.body},
                  {QStringLiteral("decision"), d->request.decision},
                  {QStringLiteral("approvals"), d->approvals},
                  {QStringLiteral("required_approvals"), d->reviewCase.requiredApprovals},
                  {QStringLiteral("required_roles"), QJsonArray::fromStringList(d->reviewCase.requiredRoles)},
                  {QStringLiteral("expires_at"), iso(d->reviewCase.expiresAt)},
                  {QStringLiteral("sla_due_at"), iso(d->reviewCase.slaDueAt)},
                  {QStringLiteral("overdue"), d->overdue},
                  {QStringLiteral("escalated"), d->reviewCase.escalatedAt.isValid()},
                  {QStringLiteral("eligible_reviewers"), QJsonArray::fromStringList(d->eligibleReviewers)},
                  {QStringLiteral("reviews"), reviews}};
    if (d->reviewCase.breakGlass)
        o.insert(QStringLiteral("break_glass"), true);
    if (d->graph) {
        const ReviewGraphPreview& g = *d->graph;
        QJsonObject byKind;
        for (auto it = g.reachableByKind.cbegin(); it != g.reachableByKind.cend(); ++it)
            byKind.insert(it.key(), it.value());
        QJsonObject graph{
            {QStringLiteral("available"), g.available},
            {QStringLiteral("identities"), QJsonArray::fromStringList(g.identities)},
            {QStringLiteral("reachable"), g.reachable},
            {QStringLiteral("reachable_by_kind"), byKind},
            {QStringLiteral("reachable_tier_zero"), g.reachableTierZero},
            {QStringLiteral("target_node"), g.targetNode},
            {QStringLiteral("target_tier_zero"), g.targetTierZero},
            {QStringLiteral("hypothetical_edge"), g.hypotheticalEdge},
            {QStringLiteral("new_identities_reaching_tier_zero"), g.newIdentitiesReachingTierZero},
            {QStringLiteral("new_identities"), QJsonArray::fromStringList(g.newIdentities)}};
        if (!g.note.isEmpty())
            graph.insert(QStringLiteral("note"), g.note);
        o.insert(QStringLiteral("graph"), graph);
    }
    if (!d->reviewCase.feedback.isEmpty())
        o.insert(QStringLiteral("feedback"), d->reviewCase.feedback);
    if (context.json()) {
        context.printJson(o);
        return CtlContext::kExitOk;
    }
    QTextStream& out = context.out();
    out << "request   " << d->request.id << "  [" << actionStatusName(d->request.status) << "]\n"
        << "path      " << TerminalText::printable(d->request.pathId) << " (owner "
        << (d->path ? d->path->owner : QString()) << ", " << severityTierCode(d->reviewCase.tier) << ")\n"
        << "action    " << TerminalText::printable(d->request.actionType) << " on "
        << TerminalText::printable(d->request.target) << '\n'
        << "why       "
        << TerminalText::printable(d->request.body.value(QStringLiteral("recommendation")).toString()) << '\n'
        << "approvals " << d->approvals << " of " << d->reviewCase.requiredApprovals << " (roles "
        << d->reviewCase.requiredRoles.join(QStringLiteral(", ")) << ")\n"
        << "expires   " << iso(d->reviewCase.expiresAt) << (d->overdue ? "  OVERDUE (SLA passed)" : "")
        << '\n'
        << "eligible  "
        << (d->eligibleReviewers.isEmpty() ? QStringLiteral("nobody")
                                           : d->eligibleReviewers.join(QStringLiteral(", ")))
        << '\n';
    if (d->graph) {
        const ReviewGraphPreview& g = *d->graph;
        if (!g.available || g.identities.isEmpty())
            out << "graph     " << TerminalText::printable(g.note) << '\n';
        else
            out << "graph     runs as " << g.identities.join(QStringLiteral(", ")) << ": reaches "
                << g.reachable << " nodes, " << g.reachableTierZero << " Tier Zero\n";
        if (!g.hypotheticalEdge.isEmpty())
            out << "impact    approving adds " << TerminalText::printable(g.hypotheticalEdge) << ": "
                << g.newIdentitiesReachingTierZero << " identities would newly reach Tier Zero\n";
    }
    for (const auto& e : d->reviews)
        out << "  " << iso(e.createdAt) << "  " << e.reviewer << "  " << reviewVerdictName(e.verdict)
            << "  \"" << TerminalText::printable(e.justification) << "\"  signature "
            << (app->review().verifySignature(e) ? "valid" : "INVALID") << '\n';
    return CtlContext::kExitOk;
}

int ReviewCommand::act(const QString& verb, const QString& id, const QCommandLineParser& parser,
                       CtlContext& context)
{
    const QString reason = parser.value(QStringLiteral("reason"));
    if (reason.trimmed().isEmpty())
        return context.usageError(
            QStringLiteral("--reason is required: every review carries a justification"));
    QString password;
    auto session = context.signIn(&password);
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    auto key = app->operatorKeys().unlock(session->username, password);
    password.fill(QLatin1Char('\0'));
    if (!key)
        return context.report(key.error());
    ReviewService& review = app->review();
    Result<ReviewResult> result =
        verb == QStringLiteral("approve")    ? review.approve(*session, id, reason, *key)
        : verb == QStringLiteral("reject")   ? review.reject(*session, id, reason, *key)
        : verb == QStringLiteral("escalate") ? review.escalate(*session, id, reason, *key)
                                             : review.breakGlass(*session, id, reason, *key);
    if (!result)
        return context.report(result.error());
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("request_id"), result->requestId},
                                      {QStringLiteral("status"), actionStatusName(result->status)},
                                      {QStringLiteral("approvals"), result->approvals},
                                      {QStringLiteral("required_approvals"), result->requiredApprovals}});
    } else {
        context.out() << verb << ": request " << result->requestId << " is now "
                      << actionStatusName(result->status) << " (" << result->approvals << " of "
                      << result->requiredApprovals << " approvals)\n";
    }
    return CtlContext::kExitOk;
}

int ReviewCommand::followUps(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    auto open = app->review().openBreakGlass(*session);
    if (!open)
        return context.report(open.error());
    if (context.json()) {
        QJsonArray array;
        for (const auto& f : *open)
            array.append(QJsonObject{{QStringLiteral("request_id"), f.requestId},
                                     {QStringLiteral("approved_by"), f.approvedBy},
                                     {QStringLiteral("reason"), f.reason},
                                     {QStringLiteral("opened_at"), iso(f.openedAt)}});
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    TextTable table({QStringLiteral("REQUEST"), QStringLiteral("APPROVED BY"), QStringLiteral("AT"),
                     QStringLiteral("REASON")});
    for (const auto& f : *open)
        table.addRow({f.requestId, f.approvedBy, iso(f.openedAt), TerminalText::printable(f.reason)});
    table.print(context.out());
    return CtlContext::kExitOk;
}

int ReviewCommand::closeFollowUp(const QString& id, const QCommandLineParser& parser, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    Application* app = *context.open();
    if (auto st = app->review().closeBreakGlass(*session, id, parser.value(QStringLiteral("note"))); !st)
        return context.report(st.error());
    context.out() << "break-glass approval of request " << id << " reviewed\n";
    return CtlContext::kExitOk;
}

} // namespace gatehouse
