// bench_ledger: audit-ledger throughput on a throw-away workspace.
//
//  (a) durable append rate: one event per BEGIN IMMEDIATE .. COMMIT, as every state
//      change does (WAL, synchronous=FULL: each commit is fsynced);
//  (b) batch append rate: the rest of the ledger in transactions of --batch events,
//      only to build a large ledger quickly (not a durability figure);
//  (c) AuditLedger::verify() over the whole ledger: events/s and MB/s of canonical bytes;
//  (d) the raw SHA-256 chain over the same canonical bytes from memory, for comparison.
//
// MB = 10^6 bytes. Figures go to stdout; errors to stderr with exit code 1 (2 for bad usage).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QTemporaryDir>

#include "Application.h"
#include "AuditLedger.h"
#include "CanonicalJson.h"
#include "CryptoPrimitives.h"
#include "WriteTransaction.h"

using namespace gatehouse;

namespace {

constexpr qint64 kDraftPool = 1000;

struct Options
{
    qint64 events = 1000000;
    qint64 appends = 2000;
    qint64 batch = 10000;
    QString workspace;
    bool keep = false;
};

void out(const QString& line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString& message, int code = 1)
{
    std::fputs((QStringLiteral("bench_ledger: ") + message + QLatin1Char('\n')).toUtf8().constData(), stderr);
    std::exit(code);
}

QString num(double v, int decimals = 0)
{
    return QLocale(QLocale::English).toString(v, 'f', decimals);
}

double seconds(qint64 ns)
{
    return static_cast<double>(ns) / 1e9;
}

/// A realistic change event: a path update with before/after values, ~300 bytes canonical.
AuditEventDraft makeDraft(qint64 i)
{
    const QString pathId = QStringLiteral("soc-isolate-endpoint-%1").arg(i % 500, 3, 10, QLatin1Char('0'));
    QJsonObject changes{
        {QStringLiteral("owner"), QJsonObject{{QStringLiteral("before"), QStringLiteral("owner-secops")},
                                              {QStringLiteral("after"), QStringLiteral("owner-itops")}}},
        {QStringLiteral("tier"), QJsonObject{{QStringLiteral("before"), QStringLiteral("T1")},
                                             {QStringLiteral("after"), QStringLiteral("T2")}}},
        {QStringLiteral("confidence_threshold"),
         QJsonObject{{QStringLiteral("before"), 0.8}, {QStringLiteral("after"), 0.85 + (i % 10) / 100.0}}},
    };
    QJsonObject payload{
        {QStringLiteral("path_id"), pathId},
        {QStringLiteral("version"), static_cast<double>(i + 1)},
        {QStringLiteral("changes"), changes},
        {QStringLiteral("reason"),
         QStringLiteral("Quarterly review after incident INC-2026-%1: escalate to high tier")
             .arg(i % 10000, 4, 10, QLatin1Char('0'))},
        {QStringLiteral("action_types"),
         QJsonArray{QStringLiteral("endpoint.isolate"), QStringLiteral("endpoint.release")}},
    };
    AuditEventDraft d;
    d.type = QStringLiteral("path.updated");
    d.actor = QStringLiteral("operator:owner-secops");
    d.subject = QStringLiteral("path:") + pathId;
    // correlationId left empty: the ledger gives each event a fresh UUID, as for a one-step flow.
    d.payload = payload;
    return d;
}

Options parseOptions(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Audit-ledger benchmark: durable append rate, batch append rate, verify rate and raw "
                       "SHA-256 rate over the same canonical bytes."));
    parser.addHelpOption();
    const QCommandLineOption eventsOpt(QStringLiteral("events"),
                                       QStringLiteral("Total events in the ledger (default 1000000)."),
                                       QStringLiteral("N"));
    const QCommandLineOption appendsOpt(
        QStringLiteral("appends"),
        QStringLiteral("Durable single-event appends, part of the total (default 2000)."),
        QStringLiteral("N"));
    const QCommandLineOption batchOpt(
        QStringLiteral("batch"),
        QStringLiteral("Events per transaction when building the rest (default 10000)."),
        QStringLiteral("N"));
    const QCommandLineOption workspaceOpt(
        QStringLiteral("workspace"),
        QStringLiteral("Empty or new folder for the workspace (default: a temporary "
                       "folder under TMPDIR, removed afterwards)."),
        QStringLiteral("DIR"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the temporary workspace."));
    parser.addOptions({eventsOpt, appendsOpt, batchOpt, workspaceOpt, keepOpt});
    parser.process(app);

    Options o;
    auto number = [&](const QCommandLineOption& opt, qint64 fallback, qint64 min) {
        if (!parser.isSet(opt))
            return fallback;
        bool ok = false;
        const qint64 v = parser.value(opt).toLongLong(&ok);
        if (!ok || v < min)
            die(QStringLiteral("--%1 needs a whole number >= %2").arg(opt.names().first()).arg(min), 2);
        return v;
    };
    o.events = number(eventsOpt, o.events, 1);
    o.appends = std::min(number(appendsOpt, o.appends, 0), o.events);
    o.batch = number(batchOpt, o.batch, 1);
    o.workspace = parser.value(workspaceOpt);
    o.keep = parser.isSet(keepOpt);
    return o;
}

QString cpuModel()
{
    // /proc files report size 0, so read them whole rather than testing atEnd().
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown CPU");
    const QList<QByteArray> lines = f.readAll().split('\n');
    const auto cpus = std::count_if(lines.begin(), lines.end(),
                                    [](const QByteArray& l) { return l.startsWith("processor"); });
    for (const QByteArray& line : lines) {
        if (line.startsWith("model name"))
            return QStringLiteral("%1 x %2").arg(cpus).arg(
                QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed()));
    }
    return QStringLiteral("unknown CPU");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication qapp(argc, argv);
    const Options opt = parseOptions(qapp);

    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/gatehouse-bench-XXXXXX"));
    QString dir = opt.workspace;
    if (dir.isEmpty()) {
        if (!tmp.isValid())
            die(QStringLiteral("cannot create a temporary folder: %1").arg(tmp.errorString()));
        tmp.setAutoRemove(!opt.keep);
        dir = tmp.path();
    } else if (QFileInfo::exists(QDir(dir).filePath(QStringLiteral("gatehouse.db")))) {
        die(QStringLiteral("%1 already holds a workspace; give an empty or new folder").arg(dir), 2);
    }

    ApplicationConfig config;
    config.workspaceDir = dir;
    config.logLevel = QStringLiteral("warn");
    config.initLogging = false;
    auto opened = Application::open(config);
    if (!opened)
        die(opened.error().message);
    std::unique_ptr<Application> app = std::move(*opened);
    AuditLedger& ledger = app->ledger();
    QSqlDatabase db = app->database().connection();
    if (auto n = ledger.count(); !n || *n != 0)
        die(QStringLiteral("the ledger of a new workspace should be empty"));

    const QStorageInfo storage(dir);
#ifdef __OPTIMIZE__
    const QString build = QStringLiteral("optimised build");
#else
    const QString build = QStringLiteral("NOT an optimised build: figures are not representative");
#endif
    // Drafts are built up front and reused in turn, so the timings cover the ledger, not
    // the benchmark's own JSON building.
    std::vector<AuditEventDraft> drafts;
    for (qint64 i = 0; i < kDraftPool; ++i)
        drafts.push_back(makeDraft(i));
    auto draftFor = [&](qint64 seq) -> const AuditEventDraft& {
        return drafts[static_cast<std::size_t>(seq % kDraftPool)];
    };
    const QByteArray samplePayload = CanonicalJson::serialize(drafts.front().payload);
    out(QStringLiteral("Gatehouse ledger benchmark (%1; %2)").arg(build, cpuModel()));
    out(QStringLiteral("workspace: %1 (%2 on %3); SQLite WAL, synchronous=FULL")
            .arg(dir, QString::fromUtf8(storage.fileSystemType()), QString::fromUtf8(storage.device())));
    out(QStringLiteral("events: %1 total = %2 durable single appends + %3 in batches of %4; payload %5 bytes "
                       "canonical")
            .arg(num(opt.events), num(opt.appends), num(opt.events - opt.appends), num(opt.batch))
            .arg(samplePayload.size()));
    if (storage.fileSystemType() == "tmpfs")
        out(QStringLiteral("warning: tmpfs ignores fsync; the durable figure is not a disk figure"));

    qint64 seq = 0;
    // (a) Durable appends, one transaction each, as CatalogueService and AccountService do.
    {
        std::vector<qint64> latency;
        latency.reserve(static_cast<std::size_t>(opt.appends));
        QElapsedTimer total;
        total.start();
        for (qint64 i = 0; i < opt.appends; ++i) {
            const AuditEventDraft& draft = draftFor(seq);
            QElapsedTimer one;
            one.start();
            WriteTransaction tx(db);
            if (auto st = tx.begun(); !st)
                die(st.error().message);
            if (auto e = ledger.append(draft); !e)
                die(e.error().message);
            if (auto st = tx.commit(); !st)
                die(st.error().message);
            latency.push_back(one.nsecsElapsed());
            ++seq;
        }
        const qint64 ns = total.nsecsElapsed();
        if (opt.appends > 0) {
            std::sort(latency.begin(), latency.end());
            auto pct = [&](double p) {
                const auto idx = static_cast<std::size_t>(p * static_cast<double>(latency.size() - 1));
                return static_cast<double>(latency[idx]) / 1e6;
            };
            out(QStringLiteral("(a) durable append, 1 event per transaction: %1 events in %2 s = %3 events/s "
                               "(latency p50 %4 ms, p99 %5 ms, max %6 ms)")
                    .arg(num(opt.appends), num(seconds(ns), 2),
                         num(static_cast<double>(opt.appends) / seconds(ns), 0), num(pct(0.50), 2),
                         num(pct(0.99), 2), num(pct(1.0), 2)));
        }
    }

    // (b) The rest in large transactions, only to build a big ledger quickly.
    {
        const qint64 rest = opt.events - opt.appends;
        QElapsedTimer total;
        total.start();
        while (seq < opt.events) {
            WriteTransaction tx(db);
            if (auto st = tx.begun(); !st)
                die(st.error().message);
            const qint64 end = std::min(opt.events, seq + opt.batch);
            for (; seq < end; ++seq) {
                if (auto e = ledger.append(draftFor(seq)); !e)
                    die(e.error().message);
            }
            if (auto st = tx.commit(); !st)
                die(st.error().message);
        }
        const qint64 ns = total.nsecsElapsed();
        if (rest > 0)
            out(QStringLiteral(
                    "(b) batch append, %1 events per transaction (builds the ledger; not a durability "
                    "figure): %2 events in %3 s = %4 events/s")
                    .arg(num(opt.batch), num(rest), num(seconds(ns), 2),
                         num(static_cast<double>(rest) / seconds(ns), 0)));
    }
    {
        const QString file = app->workspace().databaseFile();
        const auto dbBytes = static_cast<double>(QFileInfo(file).size());
        const auto walBytes = static_cast<double>(QFileInfo(file + QStringLiteral("-wal")).size());
        out(QStringLiteral("database: %1 MB (gatehouse.db %2 MB + WAL %3 MB)")
                .arg(num((dbBytes + walBytes) / 1e6, 1), num(dbBytes / 1e6, 1), num(walBytes / 1e6, 1)));
    }

    // (c) Full verification, as `gatehousectl audit verify` runs it.
    qint64 verifyNs = 0;
    LedgerVerification verification;
    {
        QElapsedTimer t;
        t.start();
        auto v = ledger.verify();
        verifyNs = t.nsecsElapsed();
        if (!v)
            die(v.error().message);
        verification = *v;
        if (!verification.intact() || verification.eventCount != opt.events)
            die(QStringLiteral("verify reported %1 events, damage '%2': %3")
                    .arg(verification.eventCount)
                    .arg(ledgerDamageName(verification.damage), verification.detail));
    }

    // (d) Load every event's canonical bytes into memory (not timed), then chain them.
    QByteArray canonical;
    std::vector<qsizetype> offsets;
    offsets.reserve(static_cast<std::size_t>(opt.events) + 1);
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT seq, ts, type, actor, subject, correlation_id, payload FROM "
                                   "audit_ledger ORDER BY seq")))
            die(QStringLiteral("cannot read the ledger back"));
        while (q.next()) {
            AuditEvent e;
            e.seq = q.value(0).toLongLong();
            e.timestamp = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
            e.type = q.value(2).toString();
            e.actor = q.value(3).toString();
            e.subject = q.value(4).toString();
            e.correlationId = q.value(5).toString();
            e.payload = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
            offsets.push_back(canonical.size());
            canonical.append(AuditLedger::canonicalEvent(e));
        }
        offsets.push_back(canonical.size());
    }
    const qint64 count = static_cast<qint64>(offsets.size()) - 1;
    const double mb = static_cast<double>(canonical.size()) / 1e6;
    out(QStringLiteral("(c) audit verify: %1 events, %2 MB canonical (%3 bytes/event) in %4 s = %5 events/s, "
                       "%6 MB/s")
            .arg(num(verification.eventCount), num(mb, 1),
                 num(static_cast<double>(canonical.size()) / static_cast<double>(count), 0),
                 num(seconds(verifyNs), 2),
                 num(static_cast<double>(verification.eventCount) / seconds(verifyNs), 0),
                 num(mb / seconds(verifyNs), 1)));

    QByteArray head(32, '\0');
    QElapsedTimer t;
    t.start();
    for (qint64 i = 0; i < count; ++i) {
        const auto from = offsets[static_cast<std::size_t>(i)];
        const auto to = offsets[static_cast<std::size_t>(i) + 1];
        head =
            CryptoPrimitives::sha256(head, QByteArray::fromRawData(canonical.constData() + from, to - from));
    }
    const qint64 hashNs = t.nsecsElapsed();
    // Same bytes as verify() hashed, or the comparison would mean nothing.
    if (head != verification.headHash)
        die(QStringLiteral("the recomputed chain head differs from verify()'s; canonical bytes differ"));

    t.restart();
    const QByteArray whole = CryptoPrimitives::sha256(canonical);
    const qint64 wholeNs = t.nsecsElapsed();
    Q_UNUSED(whole);

    out(QStringLiteral("(d) raw SHA-256 chain over the same bytes from memory: %1 s = %2 events/s, %3 MB/s "
                       "(one-shot SHA-256 of the %4 MB: %5 MB/s)")
            .arg(num(seconds(hashNs), 2), num(static_cast<double>(count) / seconds(hashNs), 0),
                 num(mb / seconds(hashNs), 1), num(mb, 1), num(mb / seconds(wholeNs), 1)));
    out(QStringLiteral("    verify / raw chain time: %1x (hashing is %2% of verify; the rest is SQLite reads "
                       "and rebuilding the canonical bytes)")
            .arg(num(static_cast<double>(verifyNs) / static_cast<double>(hashNs), 1),
                 num(100.0 * static_cast<double>(hashNs) / static_cast<double>(verifyNs), 0)));
    out(QStringLiteral("chain head: %1").arg(QString::fromLatin1(head.toHex())));

    db = QSqlDatabase(); // release the connection before Database closes it
    app.reset();
    if (opt.keep && opt.workspace.isEmpty())
        out(QStringLiteral("workspace kept: %1").arg(dir));
    return 0;
}
