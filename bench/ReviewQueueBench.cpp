// bench_review_queue: the review queue with 10,000 pending requests.
//
// A throw-away workspace gets N pending requests (default 10,000) over 4 tiers, each with
// its review case and ledger events, written in batches. Then the real ReviewQueuePage is
// built on the offscreen platform and measured:
//   - time to first rows: page constructed, refresh() (count + first page), first paint;
//   - scrolling: scrollToBottom() repeatedly until every row is loaded (fetchMore pages);
//   - resident memory (VmRSS) before the page, after the first rows, after all rows;
//   - for comparison, reading all N rows in one query (what a non-lazy view would do).
//
// Output: one line per figure.

#include <cstdio>
#include <cstdlib>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QUuid>

#include "ActionRequestRepository.h"
#include "Application.h"
#include "CanonicalJson.h"
#include "CryptoPrimitives.h"
#include "ReviewQueueModel.h"
#include "ReviewQueuePage.h"
#include "QtUserInteraction.h"
#include "WriteTransaction.h"

using namespace gatehouse;

namespace {

void out(const QString& line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString& message)
{
    std::fputs((QStringLiteral("bench_review_queue: ") + message + QLatin1Char('\n')).toUtf8().constData(),
               stderr);
    std::exit(1);
}

double rssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return -1;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication qapp(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption countOpt(QStringLiteral("requests"), QStringLiteral("Pending requests (10000)."),
                                      QStringLiteral("n"), QStringLiteral("10000"));
    parser.addOption(countOpt);
    parser.addHelpOption();
    parser.process(qapp);
    const int total = parser.value(countOpt).toInt();

    QTemporaryDir tmp;
    ApplicationConfig config;
    config.workspaceDir = tmp.filePath(QStringLiteral("ws"));
    config.logLevel = QStringLiteral("warn");
    config.scrypt = ScryptParameters{1u << 12, 8, 1};
    auto opened = Application::open(config);
    if (!opened)
        die(opened.error().message);
    Application& app = **opened;
    if (!app.accounts().createFirstAdmin(QStringLiteral("admin"), QStringLiteral("Admin"),
                                         QStringLiteral("bench-password-1")))
        die(QStringLiteral("cannot create the admin"));
    const OperatorSession admin{QStringLiteral("admin"), OperatorRole::Admin};

    QList<DecisionPath> paths;
    for (int t = 0; t < 4; ++t) {
        DecisionPath path;
        path.id = QStringLiteral("bench-path-t%1").arg(t);
        path.name = QStringLiteral("Bench path T%1").arg(t);
        path.owner = QStringLiteral("admin");
        path.workloadId = QStringLiteral("spiffe://bench.example/agents/t%1").arg(t);
        path.actionTypes = {QStringLiteral("iam.role.assign")};
        path.targets = {QStringLiteral("okta:group/*")};
        path.environment = QStringLiteral("production");
        path.tier = static_cast<SeverityTier>(t);
        path.frameworks.owaspAgentic = {QStringLiteral("ASI03")};
        auto created = app.catalogue().create(admin, path);
        if (!created)
            die(created.error().message);
        paths.append(*created);
    }

    QElapsedTimer seed;
    seed.start();
    const QDateTime start = app.clock().now().addSecs(-3600);
    constexpr int kBatch = 1000;
    for (int done = 0; done < total;) {
        WriteTransaction tx(app.database().connection());
        if (auto st = tx.begun(); !st)
            die(st.error().message);
        ActionRequestRepository requests(app.database().connection());
        for (int i = 0; i < kBatch && done < total; ++i, ++done) {
            const DecisionPath& path = paths.at(done % 4);
            ActionRecord r;
            r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            r.pathId = path.id;
            r.workloadId = path.workloadId;
            r.actionType = QStringLiteral("iam.role.assign");
            r.target = QStringLiteral("okta:group/team-%1").arg(done);
            r.targetKind = QStringLiteral("okta:group");
            r.body =
                QJsonObject{{QStringLiteral("path_id"), path.id},
                            {QStringLiteral("action_type"), r.actionType},
                            {QStringLiteral("target"), r.target},
                            {QStringLiteral("recommendation"),
                             QStringLiteral("The access request ticket was approved by the data owner; add "
                                            "the user to the group for the quarter-end close.")},
                            {QStringLiteral("confidence"), 0.5 + (done % 50) / 100.0},
                            {QStringLiteral("risk_score"), done % 100},
                            {QStringLiteral("parameters"),
                             QJsonObject{{QStringLiteral("role"), QStringLiteral("member")}}}};
            r.bodySha256 =
                QString::fromLatin1(CryptoPrimitives::sha256(CanonicalJson::serialize(r.body)).toHex());
            r.status = ActionStatus::PendingReview;
            r.outcome = PolicyOutcome::Review;
            r.decision =
                QJsonObject{{QStringLiteral("outcome"), QStringLiteral("review")},
                            {QStringLiteral("triggers"), QJsonArray{QStringLiteral("identity_change")}},
                            {QStringLiteral("review"),
                             QJsonObject{{QStringLiteral("approvals"), 1 + done % 2},
                                         {QStringLiteral("roles"), QJsonArray{QStringLiteral("analyst")}}}}};
            r.policyVersion = QString(64, QLatin1Char('b'));
            r.receivedAt = r.decidedAt = start.addMSecs(done * 10);
            r.reviewExpiresAt = r.decidedAt.addDays(7);
            if (auto st = requests.insert(r); !st)
                die(st.error().message);
            if (auto st = app.review().openCase(r, path); !st)
                die(st.error().message);
        }
        if (auto st = tx.commit(); !st)
            die(st.error().message);
    }
    out(QStringLiteral("seeded %1 pending requests in %2 s")
            .arg(total)
            .arg(seed.elapsed() / 1000.0, 0, 'f', 1));

    const double rssBefore = rssMiB();
    QtUserInteraction interaction;
    ConsoleServices services{app.catalogue(), app.ledger(), app.accounts(), app.settings(),
                             app.clock(),     tmp.path(),   app.policy(),   nullptr,
                             &app.review(),   {},           nullptr};
    QElapsedTimer t;
    t.start();
    ReviewQueuePage page(services, admin, interaction);
    page.resize(1280, 800);
    page.show();
    page.refresh();
    QApplication::processEvents();
    const QPixmap first = page.grab(); // first paint with rows
    const qint64 firstRowsMs = t.elapsed();
    const double rssFirst = rssMiB();
    out(QStringLiteral(
            "time to first rows (count + first %1 rows + detail + paint): %2 ms; rows loaded %3 of %4")
            .arg(ReviewQueueModel::kPageSize)
            .arg(firstRowsMs)
            .arg(page.model()->rowCount())
            .arg(page.model()->totalCount()));
    out(QStringLiteral("RSS before page %1 MiB, after first rows %2 MiB (+%3 MiB)")
            .arg(rssBefore, 0, 'f', 1)
            .arg(rssFirst, 0, 'f', 1)
            .arg(rssFirst - rssBefore, 0, 'f', 1));

    // Scroll to the end the way a user dragging the bar does: each time the view reaches
    // the bottom it asks the model for the next page.
    QList<qint64> pageMs;
    t.restart();
    while (page.model()->rowCount() < page.model()->totalCount()) {
        QElapsedTimer one;
        one.start();
        const int before = page.model()->rowCount();
        page.table()->scrollToBottom();
        QApplication::processEvents();
        if (page.model()->rowCount() == before)
            page.model()->fetchMore({});
        pageMs.append(one.elapsed());
    }
    const qint64 scrollMs = t.elapsed();
    std::sort(pageMs.begin(), pageMs.end());
    const double rssAll = rssMiB();
    out(QStringLiteral("scrolled to row %1 in %2 ms: %3 page fetches, per page p50 %4 ms, max %5 ms")
            .arg(page.model()->rowCount())
            .arg(scrollMs)
            .arg(pageMs.size())
            .arg(pageMs.isEmpty() ? 0 : pageMs.at(pageMs.size() / 2))
            .arg(pageMs.isEmpty() ? 0 : pageMs.last()));
    out(QStringLiteral("RSS with all rows loaded %1 MiB (+%2 MiB over first rows)")
            .arg(rssAll, 0, 'f', 1)
            .arg(rssAll - rssFirst, 0, 'f', 1));

    // What a non-lazy view would pay before showing anything.
    t.restart();
    auto all = ReviewRepository(app.database().connection()).queuePage({}, app.clock().now(), 0, total);
    if (!all)
        die(all.error().message);
    out(QStringLiteral("for comparison, reading all %1 rows in one query: %2 ms")
            .arg(all->size())
            .arg(t.elapsed()));
    return 0;
}
