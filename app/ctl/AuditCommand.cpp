#include "AuditCommand.h"

#include <QJsonArray>
#include <QJsonObject>

#include "Application.h"
#include "CtlContext.h"
#include "CtlVerb.h"
#include "TerminalText.h"
#include "TextTable.h"

namespace gatehouse {

namespace {

QString hex(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toHex());
}

} // namespace

QString AuditCommand::summary() const
{
    return QStringLiteral("Verify and read the tamper-evident audit ledger.");
}

QList<CtlVerb> AuditCommand::verbs() const
{
    return {
        {QStringLiteral("verify"),
         {},
         0,
         0,
         QStringLiteral("Recompute the hash chain (exit 1 when damaged)"),
         {},
         {},
         QStringLiteral("Prints \"ledger intact: N events, head <hex>\" and exits 0, or\n"
                        "\"ledger damaged at seq N: <kind> - <detail>\" and exits 1, where kind is\n"
                        "modified, missing or reordered. Needs no --user.")},
        {QStringLiteral("list"),
         {},
         0,
         0,
         QStringLiteral("List audit events"),
         {option("text", "Only events containing this literal text (case-insensitive).", "text"),
          option("subject", "Only events about this exact subject, e.g. path:soc-isolate-endpoint.",
                 "subject"),
          option("after-seq", "Only events after this sequence number.", "n"),
          option("limit", "At most N events (default 1000).", "n")},
         {},
         {}},
    };
}

int AuditCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& /*arguments*/,
                      CtlContext& context)
{
    if (verb == QStringLiteral("verify"))
        return verify(context);
    return list(parser, context);
}

int AuditCommand::verify(CtlContext& context)
{
    auto app = context.open();
    if (!app)
        return context.report(app.error());
    auto result = (*app)->ledger().verify();
    if (!result)
        return context.report(result.error());
    const LedgerVerification& v = *result;
    if (context.json()) {
        context.printJson(QJsonObject{
            {QStringLiteral("intact"), v.intact()},
            {QStringLiteral("events"), v.eventCount},
            {QStringLiteral("last_seq"), v.lastSeq},
            {QStringLiteral("head"),
             v.headHash.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(hex(v.headHash))},
            {QStringLiteral("first_bad_seq"),
             v.intact() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.firstBadSeq)},
            {QStringLiteral("damage"), ledgerDamageName(v.damage)},
            {QStringLiteral("detail"), v.detail},
            {QStringLiteral("missing_protections"), QJsonArray::fromStringList(v.missingProtections)},
            {QStringLiteral("signatures_checked"), v.signaturesChecked},
            {QStringLiteral("signature_failures"),
             [&] {
                 QJsonArray failures;
                 for (const auto& f : v.signatureFailures)
                     failures.append(
                         QJsonObject{{QStringLiteral("seq"), f.seq}, {QStringLiteral("detail"), f.detail}});
                 return failures;
             }()},
        });
    } else if (v.intact()) {
        context.out() << "ledger intact: " << v.eventCount << (v.eventCount == 1 ? " event" : " events")
                      << ", head " << (v.headHash.isEmpty() ? QStringLiteral("none") : hex(v.headHash))
                      << '\n';
    } else {
        context.out() << "ledger damaged at seq " << v.firstBadSeq << ": " << ledgerDamageName(v.damage)
                      << " \u2014 " << TerminalText::printable(v.detail) << '\n';
    }
    if (!context.json()) {
        if (v.signaturesChecked > 0 && v.signatureFailures.isEmpty())
            context.out() << "review signatures: " << v.signaturesChecked << " checked, all valid\n";
        for (const auto& f : v.signatureFailures)
            context.out() << "review signature invalid at seq " << f.seq << ": "
                          << TerminalText::printable(f.detail) << '\n';
    }
    if (!context.json() && !v.missingProtections.isEmpty())
        context.out() << "append-only protection removed: trigger(s) "
                      << v.missingProtections.join(QStringLiteral(", "))
                      << " missing; the database no longer refuses edits to the ledger\n";
    // Note: deleting the newest events leaves no trace in the database itself; signed
    // checkpoints kept outside it (a later issue) close that gap.
    return v.fullyIntact() ? CtlContext::kExitOk : CtlContext::kExitCheckFailed;
}

int AuditCommand::list(const QCommandLineParser& parser, CtlContext& context)
{
    AuditQuery query;
    query.text = parser.value(QStringLiteral("text"));
    query.subject = parser.value(QStringLiteral("subject"));
    if (parser.isSet(QStringLiteral("after-seq"))) {
        bool ok = false;
        query.afterSeq = parser.value(QStringLiteral("after-seq")).toLongLong(&ok);
        if (!ok || query.afterSeq < 0)
            return context.usageError(QStringLiteral("--after-seq must be a whole number"));
    }
    if (parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        query.limit = parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || query.limit < 1 || query.limit > 1000000)
            return context.usageError(QStringLiteral("--limit must be a number from 1 to 1000000"));
    }

    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    auto events = (*app)->ledger().events(query);
    if (!events)
        return context.report(events.error());

    if (context.json()) {
        QJsonArray array;
        for (const auto& e : *events) {
            array.append(QJsonObject{
                {QStringLiteral("seq"), e.seq},
                {QStringLiteral("timestamp"), e.timestamp.toUTC().toString(Qt::ISODateWithMs)},
                {QStringLiteral("type"), e.type},
                {QStringLiteral("actor"), e.actor},
                {QStringLiteral("subject"), e.subject},
                {QStringLiteral("correlation_id"), e.correlationId},
                {QStringLiteral("payload"), e.payload},
                {QStringLiteral("prev_hash"), hex(e.prevHash)},
                {QStringLiteral("hash"), hex(e.hash)},
            });
        }
        context.printJson(array);
        return CtlContext::kExitOk;
    }
    TextTable table({QStringLiteral("SEQ"), QStringLiteral("TIME (UTC)"), QStringLiteral("TYPE"),
                     QStringLiteral("ACTOR"), QStringLiteral("SUBJECT")});
    for (const auto& e : *events)
        table.addRow({QString::number(e.seq), e.timestamp.toUTC().toString(Qt::ISODateWithMs),
                      TerminalText::cell(e.type, 40), TerminalText::cell(e.actor, 60),
                      TerminalText::cell(e.subject, 60)});
    table.print(context.out());
    return CtlContext::kExitOk;
}

} // namespace gatehouse
