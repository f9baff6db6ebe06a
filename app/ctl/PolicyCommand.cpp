#include "PolicyCommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "ActionRequestJson.h"
#include "Application.h"
#include "CtlContext.h"
#include "InputFile.h"
#include "PolicyDecisionJson.h"
#include "CtlVerb.h"
#include "TerminalText.h"
#include "TextTable.h"

namespace gatehouse {

namespace {

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonArray issuesJson(const QList<PolicyIssue>& issues)
{
    QJsonArray out;
    for (const auto& i : issues)
        out.append(QJsonObject{
            {QStringLiteral("severity"), i.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
            {QStringLiteral("location"), i.location},
            {QStringLiteral("rule"), i.ruleId},
            {QStringLiteral("line"), i.line},
            {QStringLiteral("message"), i.message}});
    return out;
}

QJsonObject versionJson(const PolicyVersionRecord& r)
{
    return QJsonObject{{QStringLiteral("hash"), r.hash},
                       {QStringLiteral("version"), r.label},
                       {QStringLiteral("publication"), r.publication},
                       {QStringLiteral("rule_count"), r.ruleCount},
                       {QStringLiteral("published_by"), r.publishedBy},
                       {QStringLiteral("published_at"), iso(r.publishedAt)}};
}

Result<QDateTime> parseTime(const QCommandLineParser& parser, const char* name)
{
    const QString text = parser.value(QString::fromLatin1(name));
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (d.isValid())
            t = QDateTime(d, QTime(0, 0), Qt::UTC);
    }
    if (!t.isValid())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("--%1 must be an ISO 8601 date or time (got \"%2\")")
                        .arg(QLatin1String(name), text.left(40)));
    return t.toUTC();
}

void printDecision(const PolicyDecision& d, QTextStream& out)
{
    auto line = [&](const QString& key, const QString& value) {
        out << (key + QLatin1Char(':')).leftJustified(16) << TerminalText::printable(value) << '\n';
    };
    auto list = [](const QStringList& l) {
        return l.isEmpty() ? QStringLiteral("-") : l.join(QStringLiteral(", "));
    };
    line(QStringLiteral("outcome"), policyOutcomeName(d.outcome));
    line(QStringLiteral("reason"), d.reason);
    line(QStringLiteral("matched rules"), list(d.matchedRules));
    line(QStringLiteral("triggers"), list(d.triggers));
    if (d.review)
        line(QStringLiteral("review"), QStringLiteral("%1 approval(s) from %2 within %3 s")
                                           .arg(d.review->approvals)
                                           .arg(list(d.review->roles))
                                           .arg(d.review->ttlSeconds));
    if (d.outcome == PolicyOutcome::AllowSampled)
        line(QStringLiteral("sample rate"), QString::number(d.sampleRate));
    line(QStringLiteral("policy"), d.policyVersion);
    line(QStringLiteral("evaluation"), QStringLiteral("%1 us").arg(d.evaluationMicros));
    out << "explanation:\n";
    for (const auto& c : d.explanation)
        out << "  " << (c.held ? "held    " : "FAILED  ") << TerminalText::printable(c.ruleId) << ": "
            << TerminalText::printable(c.condition) << " -- " << TerminalText::printable(c.detail) << '\n';
}

} // namespace

QString PolicyCommand::summary() const
{
    return QStringLiteral("Request-time policy: evaluate, validate, publish, inspect, replay, shadow.");
}

QList<CtlVerb> PolicyCommand::verbs() const
{
    const QCommandLineOption policyFile =
        option("policy", "Evaluate against this draft instead of the policy in force.", "file");
    return {
        {QStringLiteral("eval"),
         {},
         0,
         0,
         QStringLiteral("Decide one proposed action and explain the decision"),
         {option("request", "Proposed-action JSON (the body of POST /v1/actions).", "file"), policyFile},
         {},
         QStringLiteral("Prints the decision the gateway would return (with --format json, the same\n"
                        "decision JSON) and the explanation down to each condition. Nothing is stored and\n"
                        "no shadow policy runs. Exit 0 whatever the outcome.")},
        {QStringLiteral("validate"),
         QStringLiteral("FILE"),
         1,
         1,
         QStringLiteral("Check a policy against the schema and the catalogue"),
         {},
         {},
         QStringLiteral("Errors and warnings with their line. Exit 1 when there are errors.")},
        {QStringLiteral("publish"),
         QStringLiteral("FILE"),
         1,
         1,
         QStringLiteral("Validate and put a policy in force (admin)"),
         {},
         {},
         QStringLiteral("Ledgered as policy.published with the rule ids added, removed and changed.")},
        {QStringLiteral("show"),
         QStringLiteral("[HASH]"),
         0,
         1,
         QStringLiteral("Print the policy in force, or a published version"),
         {},
         {},
         QStringLiteral("HASH: a published version's SHA-256 hex or a unique prefix of at least 8 digits.\n"
                        "(--version is the program's own option, so the version is positional.)")},
        {QStringLiteral("history"),
         {},
         0,
         0,
         QStringLiteral("List published versions, newest first"),
         {},
         {},
         {}},
        {QStringLiteral("whatif"),
         QStringLiteral("FILE"),
         1,
         1,
         QStringLiteral("Replay recorded requests against a draft (admin, manager)"),
         {option("from", "Start of the period (ISO 8601, UTC).", "time"),
          option("to", "End of the period (default: now).", "time")},
         {},
         QStringLiteral("Lists every request whose outcome the draft would change and counts, among\n"
                        "requests humans decided, what the draft would auto-allow after a rejection\n"
                        "and queue or deny after an approval.")},
        {QStringLiteral("shadow"),
         QStringLiteral("[FILE]"),
         0,
         1,
         QStringLiteral("Run a draft beside the live policy (admin), or show / stop it"),
         {option("stop", "Stop the running shadow policy.")},
         {},
         QStringLiteral("With FILE: start it (replacing a running one). Without: show the running one.")},
        {QStringLiteral("flips"),
         {},
         0,
         0,
         QStringLiteral("List decisions the shadow policy would have flipped"),
         {option("limit", "At most N (default 100).", "n")},
         {},
         {}},
    };
}

int PolicyCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                       CtlContext& context)
{
    if (verb == QStringLiteral("eval"))
        return eval(parser, context);
    if (verb == QStringLiteral("validate"))
        return validate(arguments.at(0), context);
    if (verb == QStringLiteral("publish"))
        return publish(arguments.at(0), context);
    if (verb == QStringLiteral("show"))
        return show(arguments.value(0), context);
    if (verb == QStringLiteral("history"))
        return history(context);
    if (verb == QStringLiteral("whatif"))
        return whatIf(arguments.at(0), parser, context);
    if (verb == QStringLiteral("shadow"))
        return shadow(arguments, parser, context);
    return flips(parser, context);
}

int PolicyCommand::eval(const QCommandLineParser& parser, CtlContext& context)
{
    if (!parser.isSet(QStringLiteral("request")))
        return context.usageError(QStringLiteral("policy eval needs --request FILE"));
    const QString file = parser.value(QStringLiteral("request"));
    auto data = InputFile::read(file, kMaxRequestBytes);
    if (!data)
        return context.report(data.error());
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(*data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return context.report(
            Error{ErrorCode::InvalidInput,
                  QStringLiteral("%1: not a JSON object (%2)").arg(file, parseError.errorString())});
    auto request = ActionRequestJson::fromJson(doc.object(), file);
    if (!request)
        return context.report(request.error());
    QByteArray draft;
    if (parser.isSet(QStringLiteral("policy"))) {
        auto text = InputFile::read(parser.value(QStringLiteral("policy")), kMaxPolicyBytes);
        if (!text)
            return context.report(text.error());
        draft = *text;
    }

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto path = (*app)->catalogue().get(*session, request->pathId);
    if (!path)
        return context.report(path.error());
    request->receivedAt = (*app)->clock().now();
    PolicyDecision decision;
    if (draft.isNull()) {
        decision = (*app)->policy().evaluateLive(*request, *path);
    } else {
        auto d = (*app)->policy().evaluateDraft(draft, *request, *path);
        if (!d)
            return context.report(d.error());
        decision = *d;
    }
    if (context.json())
        context.printJson(PolicyDecisionJson::toJson(decision));
    else
        printDecision(decision, context.out());
    return CtlContext::kExitOk;
}

int PolicyCommand::validate(const QString& file, CtlContext& context)
{
    auto text = InputFile::read(file, kMaxPolicyBytes);
    if (!text)
        return context.report(text.error());
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto result = (*app)->policy().validate(*session, *text);
    if (!result)
        return context.report(result.error());
    const bool valid = !hasErrors(result->issues);
    if (context.json()) {
        QJsonObject o{{QStringLiteral("valid"), valid},
                      {QStringLiteral("issues"), issuesJson(result->issues)}};
        if (valid)
            o.insert(QStringLiteral("hash"), PolicyService::versionHash(result->document));
        context.printJson(o);
    } else {
        for (const auto& issue : result->issues)
            context.out() << TerminalText::printable(file + QLatin1Char(':') + issue.toString()) << '\n';
        if (valid)
            context.out() << TerminalText::printable(file) << ": valid (" << result->policy->rules.size()
                          << " rules, version " << PolicyService::versionHash(result->document) << ")\n";
    }
    return valid ? CtlContext::kExitOk : CtlContext::kExitCheckFailed;
}

int PolicyCommand::publish(const QString& file, CtlContext& context)
{
    auto text = InputFile::read(file, kMaxPolicyBytes);
    if (!text)
        return context.report(text.error());
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto published = (*app)->policy().publish(*session, *text);
    if (!published)
        return context.report(published.error());
    if (context.json()) {
        QJsonObject o = versionJson(published->version);
        o.insert(QStringLiteral("diff"), published->diff);
        o.insert(QStringLiteral("warnings"), issuesJson(published->warnings));
        context.printJson(o);
        return CtlContext::kExitOk;
    }
    auto ids = [&](const char* key) {
        QStringList out;
        for (const auto& v : published->diff.value(QLatin1String(key)).toArray())
            out << v.toString();
        return out.isEmpty() ? QStringLiteral("-") : out.join(QStringLiteral(", "));
    };
    context.out() << "published " << published->version.hash << " ("
                  << TerminalText::printable(published->version.label) << ", " << published->version.ruleCount
                  << " rules)\n"
                  << "  added:   " << TerminalText::printable(ids("added")) << '\n'
                  << "  removed: " << TerminalText::printable(ids("removed")) << '\n'
                  << "  changed: " << TerminalText::printable(ids("changed")) << '\n';
    for (const auto& w : published->warnings)
        context.err() << "gatehousectl: " << TerminalText::printable(w.toString()) << '\n';
    return CtlContext::kExitOk;
}

int PolicyCommand::show(const QString& hash, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto record = (*app)->policy().show(*session, hash);
    if (!record)
        return context.report(record.error());
    if (context.json()) {
        QJsonObject o = versionJson(*record);
        o.insert(QStringLiteral("policy"), QJsonDocument::fromJson(record->body).object());
        context.printJson(o);
        return CtlContext::kExitOk;
    }
    context.out() << "# version " << record->hash << " (" << TerminalText::printable(record->label) << ")\n"
                  << "# published " << iso(record->publishedAt) << " by "
                  << TerminalText::printable(record->publishedBy) << '\n'
                  << TerminalText::printable(QString::fromUtf8(record->source))
                         .replace(QStringLiteral("\\u000a"), QStringLiteral("\n"));
    if (!record->source.endsWith('\n'))
        context.out() << '\n';
    return CtlContext::kExitOk;
}

int PolicyCommand::history(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto list = (*app)->policy().history(*session);
    if (!list)
        return context.report(list.error());
    if (context.json()) {
        QJsonArray a;
        for (const auto& r : *list)
            a.append(versionJson(r));
        context.printJson(a);
        return CtlContext::kExitOk;
    }
    TextTable table({QStringLiteral("PUBLISHED"), QStringLiteral("VERSION"), QStringLiteral("HASH"),
                     QStringLiteral("RULES"), QStringLiteral("BY")});
    for (const auto& r : *list)
        table.addRow({iso(r.publishedAt), TerminalText::cell(r.label, 40), r.hash.left(16),
                      QString::number(r.ruleCount), TerminalText::cell(r.publishedBy, 40)});
    table.print(context.out());
    return CtlContext::kExitOk;
}

int PolicyCommand::whatIf(const QString& file, const QCommandLineParser& parser, CtlContext& context)
{
    if (!parser.isSet(QStringLiteral("from")))
        return context.usageError(QStringLiteral("policy whatif needs --from TIME"));
    auto from = parseTime(parser, "from");
    if (!from)
        return context.report(from.error());
    auto text = InputFile::read(file, kMaxPolicyBytes);
    if (!text)
        return context.report(text.error());
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    QDateTime to = (*app)->clock().now();
    if (parser.isSet(QStringLiteral("to"))) {
        auto t = parseTime(parser, "to");
        if (!t)
            return context.report(t.error());
        to = *t;
    }
    auto report = (*app)->policy().whatIf(*session, *text, *from, to);
    if (!report)
        return context.report(report.error());
    if (context.json()) {
        QJsonArray changes;
        for (const auto& c : report->changes)
            changes.append(
                QJsonObject{{QStringLiteral("request_id"), c.requestId},
                            {QStringLiteral("path_id"), c.pathId},
                            {QStringLiteral("action_type"), c.actionType},
                            {QStringLiteral("target"), c.target},
                            {QStringLiteral("status"), c.status},
                            {QStringLiteral("received_at"), iso(c.receivedAt)},
                            {QStringLiteral("recorded"), policyOutcomeName(c.recorded)},
                            {QStringLiteral("draft"), policyOutcomeName(c.draft)},
                            {QStringLiteral("draft_rules"), QJsonArray::fromStringList(c.draftRules)}});
        context.printJson(
            QJsonObject{{QStringLiteral("draft_version"), report->draftVersion},
                        {QStringLiteral("replayed"), report->replayed},
                        {QStringLiteral("skipped"), report->skipped},
                        {QStringLiteral("human_decided"), report->humanDecided},
                        {QStringLiteral("would_allow_human_rejected"), report->wouldAllowHumanRejected},
                        {QStringLiteral("would_queue_human_approved"), report->wouldQueueHumanApproved},
                        {QStringLiteral("would_deny_human_approved"), report->wouldDenyHumanApproved},
                        {QStringLiteral("changes"), changes}});
        return CtlContext::kExitOk;
    }
    context.out() << "replayed " << report->replayed << " requests (" << report->skipped << " skipped); "
                  << report->changes.size() << " would change\n"
                  << "of " << report->humanDecided
                  << " decided by humans: " << report->wouldAllowHumanRejected
                  << " rejected would be auto-allowed, " << report->wouldQueueHumanApproved
                  << " approved would be queued, " << report->wouldDenyHumanApproved
                  << " approved would be denied\n";
    if (!report->changes.isEmpty()) {
        TextTable table({QStringLiteral("RECEIVED"), QStringLiteral("REQUEST"), QStringLiteral("PATH"),
                         QStringLiteral("ACTION"), QStringLiteral("STATUS"), QStringLiteral("RECORDED"),
                         QStringLiteral("DRAFT")});
        for (const auto& c : report->changes)
            table.addRow({iso(c.receivedAt), TerminalText::cell(c.requestId, 36),
                          TerminalText::cell(c.pathId, 40), TerminalText::cell(c.actionType, 40), c.status,
                          policyOutcomeName(c.recorded), policyOutcomeName(c.draft)});
        table.print(context.out());
    }
    return CtlContext::kExitOk;
}

int PolicyCommand::shadow(const QStringList& arguments, const QCommandLineParser& parser, CtlContext& context)
{
    const bool stop = parser.isSet(QStringLiteral("stop"));
    if (stop && !arguments.isEmpty())
        return context.usageError(QStringLiteral("give either FILE or --stop, not both"));
    QByteArray text;
    if (!arguments.isEmpty()) {
        auto data = InputFile::read(arguments.at(0), kMaxPolicyBytes);
        if (!data)
            return context.report(data.error());
        text = *data;
    }
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    if (stop) {
        if (auto st = (*app)->policy().stopShadow(*session); !st)
            return context.report(st.error());
        context.out() << "shadow policy stopped\n";
        return CtlContext::kExitOk;
    }
    std::optional<ShadowPolicyRecord> running;
    if (!text.isNull()) {
        auto started = (*app)->policy().startShadow(*session, text);
        if (!started)
            return context.report(started.error());
        running = *started;
    } else {
        auto current = (*app)->policy().shadow(*session);
        if (!current)
            return context.report(current.error());
        running = *current;
    }
    if (context.json()) {
        context.printJson(running ? QJsonObject{{QStringLiteral("hash"), running->hash},
                                                {QStringLiteral("version"), running->label},
                                                {QStringLiteral("shadow_id"), running->id},
                                                {QStringLiteral("registered_by"), running->registeredBy},
                                                {QStringLiteral("registered_at"), iso(running->registeredAt)}}
                                  : QJsonObject{});
    } else if (running) {
        context.out() << "shadow policy " << running->hash << " (" << TerminalText::printable(running->label)
                      << ") running since " << iso(running->registeredAt) << " by "
                      << TerminalText::printable(running->registeredBy) << '\n';
    } else {
        context.out() << "no shadow policy is running\n";
    }
    return CtlContext::kExitOk;
}

int PolicyCommand::flips(const QCommandLineParser& parser, CtlContext& context)
{
    int limit = 100;
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1)
            return context.usageError(QStringLiteral("--limit must be a positive number"));
    }
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto list = (*app)->policy().shadowFlips(*session, 0, limit);
    if (!list)
        return context.report(list.error());
    if (context.json()) {
        QJsonArray a;
        for (const auto& f : *list)
            a.append(QJsonObject{{QStringLiteral("request_id"), f.requestId},
                                 {QStringLiteral("path_id"), f.pathId},
                                 {QStringLiteral("action_type"), f.actionType},
                                 {QStringLiteral("target"), f.target},
                                 {QStringLiteral("live_version"), f.liveVersion},
                                 {QStringLiteral("live_outcome"), policyOutcomeName(f.liveOutcome)},
                                 {QStringLiteral("shadow_version"), f.shadowVersion},
                                 {QStringLiteral("shadow_outcome"), policyOutcomeName(f.shadowOutcome)},
                                 {QStringLiteral("shadow_rules"), QJsonArray::fromStringList(f.shadowRules)},
                                 {QStringLiteral("decided_at"), iso(f.decidedAt)}});
        context.printJson(a);
        return CtlContext::kExitOk;
    }
    TextTable table({QStringLiteral("DECIDED"), QStringLiteral("REQUEST"), QStringLiteral("PATH"),
                     QStringLiteral("ACTION"), QStringLiteral("LIVE"), QStringLiteral("SHADOW")});
    for (const auto& f : *list)
        table.addRow({iso(f.decidedAt), TerminalText::cell(f.requestId, 36), TerminalText::cell(f.pathId, 40),
                      TerminalText::cell(f.actionType, 40), policyOutcomeName(f.liveOutcome),
                      policyOutcomeName(f.shadowOutcome)});
    table.print(context.out());
    return CtlContext::kExitOk;
}

} // namespace gatehouse
