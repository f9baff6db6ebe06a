// bench_intake: end-to-end intake throughput over loopback TLS with every decision
// durably stored.
//
// A throw-away workspace with one active T0 path and the default policy; the gateway
// (IntakeGateway, main thread) serves mutual TLS on 127.0.0.1; --clients worker threads
// each hold one keep-alive connection with an X.509-SVID and send POST /v1/actions
// back to back. Every answer is a decision that committed its action_requests row plus
// two ledger events (WAL, synchronous=FULL: one fsync per request). Latency is measured
// by the client from writing the request to reading the whole answer.
//
// Output: requests/s, p50/p90/p99/max latency in ms, status counts, rows stored.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QThread>

#include "ActionRequestRepository.h"
#include "Application.h"

using namespace gatehouse;

namespace {

void out(const QString& line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString& message, int code = 1)
{
    std::fputs((QStringLiteral("bench_intake: ") + message + QLatin1Char('\n')).toUtf8().constData(), stderr);
    std::exit(code);
}

struct Results
{
    QMutex lock;
    std::vector<double> latenciesMs;
    QMap<int, int> statuses;
    QStringList errors;
};

/// One agent: a blocking QSslSocket in its own thread (the gateway's thread never waits).
class Client final : public QThread
{
public:
    Client(quint16 port, QSslConfiguration tls, int requests, int index, Results& results)
        : m_port(port), m_tls(std::move(tls)), m_requests(requests), m_index(index), m_results(results)
    {}

protected:
    void run() override
    {
        QSslSocket socket;
        socket.setSslConfiguration(m_tls);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_port, QStringLiteral("localhost"));
        if (!socket.waitForEncrypted(10000)) {
            fail(QStringLiteral("TLS: ") + socket.errorString());
            return;
        }
        std::vector<double> local;
        QMap<int, int> statuses;
        local.reserve(static_cast<size_t>(m_requests));
        for (int i = 0; i < m_requests; ++i) {
            const QJsonObject body{
                {QStringLiteral("path_id"), QStringLiteral("bench-path")},
                {QStringLiteral("action_type"), QStringLiteral("alert.annotate")},
                {QStringLiteral("target"), QStringLiteral("siem:alert/%1-%2").arg(m_index).arg(i)},
                {QStringLiteral("recommendation"), QStringLiteral("enrich with TI")},
                {QStringLiteral("confidence"), 0.9},
                {QStringLiteral("risk_score"), 10},
                {QStringLiteral("target_sensitivity"), QStringLiteral("internal")},
                {QStringLiteral("environment"), QStringLiteral("production")},
                {QStringLiteral("reversible"), true},
                {QStringLiteral("rollback_plan"), QStringLiteral("delete the note")}};
            const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
            const QByteArray request = "POST /v1/actions HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                                       "application/json\r\nContent-Length: " +
                                       QByteArray::number(json.size()) + "\r\n\r\n" + json;
            QElapsedTimer t;
            t.start();
            socket.write(request);
            QByteArray got;
            qsizetype need = -1;
            int status = 0;
            while (need < 0 || got.size() < need) {
                if (!socket.waitForReadyRead(10000)) {
                    fail(QStringLiteral("read: ") + socket.errorString());
                    return;
                }
                got += socket.readAll();
                const qsizetype end = got.indexOf("\r\n\r\n");
                if (need < 0 && end >= 0) {
                    status = got.mid(9, 3).toInt();
                    const qsizetype cl = got.toLower().indexOf("content-length:");
                    const qsizetype eol = got.indexOf("\r\n", cl);
                    need = end + 4 + got.mid(cl + 15, eol - cl - 15).trimmed().toLongLong();
                }
            }
            local.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
            ++statuses[status];
        }
        QMutexLocker guard(&m_results.lock);
        m_results.latenciesMs.insert(m_results.latenciesMs.end(), local.begin(), local.end());
        for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
            m_results.statuses[it.key()] += it.value();
    }

private:
    void fail(const QString& why)
    {
        QMutexLocker guard(&m_results.lock);
        m_results.errors << QStringLiteral("client %1: %2").arg(m_index).arg(why);
    }

    quint16 m_port;
    QSslConfiguration m_tls;
    int m_requests;
    int m_index;
    Results& m_results;
};

double percentile(std::vector<double>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(i, sorted.size() - 1)];
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication qapp(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("End-to-end intake throughput over loopback mutual TLS."));
    parser.addHelpOption();
    const QCommandLineOption requestsOpt(QStringLiteral("requests"),
                                         QStringLiteral("Total requests (default 2000)."),
                                         QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption clientsOpt(QStringLiteral("clients"),
                                        QStringLiteral("Concurrent keep-alive connections (default 4)."),
                                        QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption workspaceOpt(
        QStringLiteral("workspace"),
        QStringLiteral("Folder for the throw-away workspace (default: a temp dir)."), QStringLiteral("dir"));
    parser.addOptions({requestsOpt, clientsOpt, workspaceOpt});
    parser.process(qapp);
    const int total = parser.value(requestsOpt).toInt();
    const int clients = parser.value(clientsOpt).toInt();
    if (total < 1 || clients < 1 || clients > 256)
        die(QStringLiteral("--requests must be >= 1 and --clients 1..256"), 2);

    QTemporaryDir tmp;
    ApplicationConfig config;
    config.workspaceDir =
        parser.isSet(workspaceOpt) ? parser.value(workspaceOpt) : tmp.filePath(QStringLiteral("ws"));
    config.logLevel = QStringLiteral("warn");
    config.scrypt = ScryptParameters{1u << 12, 8, 1};
    auto opened = Application::open(config);
    if (!opened)
        die(opened.error().message);
    Application& app = **opened;
    if (!app.accounts().createFirstAdmin(QStringLiteral("admin"), QStringLiteral("Admin"),
                                         QStringLiteral("bench-password-1")))
        die(QStringLiteral("cannot create the admin (use an empty --workspace)"));
    const OperatorSession admin{QStringLiteral("admin"), OperatorRole::Admin};

    DecisionPath path;
    path.id = QStringLiteral("bench-path");
    path.name = QStringLiteral("Annotate alerts");
    path.owner = QStringLiteral("admin");
    path.workloadId = QStringLiteral("spiffe://bench.example/agents/bench");
    path.actionTypes = {QStringLiteral("alert.annotate")};
    path.targets = {QStringLiteral("siem:alert/*")};
    path.environment = QStringLiteral("production");
    path.tier = SeverityTier::T0;
    path.frameworks.owaspAgentic = {QStringLiteral("ASI06")};
    if (auto p = app.catalogue().create(admin, path); !p)
        die(p.error().message);
    if (auto p = app.catalogue().activate(admin, path.id); !p)
        die(p.error().message);
    PkiInitOptions pki;
    pki.trustDomain = QStringLiteral("bench.example");
    if (auto st = app.pki().init(admin, pki); !st)
        die(st.error().message);
    if (auto st = app.policy().ensurePolicy(); !st)
        die(st.error().message);
    app.intake().setLimits({1e9, 1e9});
    if (auto st = app.gateway().start(QHostAddress::LocalHost, 0); !st)
        die(st.error().message);

    Results results;
    std::vector<std::unique_ptr<Client>> workers;
    for (int c = 0; c < clients; ++c) {
        auto svid = app.pki().issueSvid(admin, path.id, 3600);
        if (!svid)
            die(svid.error().message);
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(QSslCertificate::fromData(svid->bundlePem, QSsl::Pem));
        tls.setLocalCertificate(
            QSslCertificate::fromData(svid->certificate.certificatePem, QSsl::Pem).value(0));
        tls.setPrivateKey(QSslKey(svid->certificate.privateKeyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey));
        const int share = total / clients + (c < total % clients ? 1 : 0);
        workers.push_back(std::make_unique<Client>(app.gateway().port(), tls, share, c, results));
    }
    const qint64 rowsBefore = *ActionRequestRepository(app.database().connection()).count();

    std::atomic<int> running{clients};
    QElapsedTimer wall;
    wall.start();
    for (auto& w : workers) {
        QObject::connect(w.get(), &QThread::finished, &qapp, [&running] {
            if (--running == 0)
                QCoreApplication::quit();
        });
        w->start();
    }
    qapp.exec();
    const double seconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    for (auto& w : workers)
        w->wait();
    app.gateway().stop();

    if (!results.errors.isEmpty())
        die(results.errors.join(QStringLiteral("; ")));
    std::sort(results.latenciesMs.begin(), results.latenciesMs.end());
    const qint64 stored = *ActionRequestRepository(app.database().connection()).count() - rowsBefore;
    QStringList statuses;
    for (auto it = results.statuses.cbegin(); it != results.statuses.cend(); ++it)
        statuses << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());

    out(QStringLiteral(
            "intake over loopback mTLS (ECDSA P-256, TLS 1.2+), %1 requests, %2 keep-alive clients")
            .arg(total)
            .arg(clients));
    out(QStringLiteral("  throughput      %1 requests/s (%2 s)")
            .arg(total / seconds, 0, 'f', 0)
            .arg(seconds, 0, 'f', 2));
    out(QStringLiteral("  latency ms      p50 %1  p90 %2  p99 %3  max %4")
            .arg(percentile(results.latenciesMs, 0.50), 0, 'f', 2)
            .arg(percentile(results.latenciesMs, 0.90), 0, 'f', 2)
            .arg(percentile(results.latenciesMs, 0.99), 0, 'f', 2)
            .arg(results.latenciesMs.empty() ? 0.0 : results.latenciesMs.back(), 0, 'f', 2));
    out(QStringLiteral("  statuses        %1").arg(statuses.join(QStringLiteral(", "))));
    out(QStringLiteral("  rows stored     %1 (each with action.requested + action.decided, fsynced)")
            .arg(stored));
    return stored == total ? 0 : 1;
}
