// gatehousectl paths import: valid files, malformed rows (error names file, row/line and
// field; nothing stored) and hostile input (oversized, deeply nested, binary garbage).

#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include "CtlHarness.h"
#include "DecisionPathBuilder.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

int pathCount(TestWorkspace& ws)
{
    auto list = ws.app().catalogue().list(ws.admin());
    return list ? static_cast<int>(list->size()) : -1;
}

} // namespace

class PathsImportTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void importsValidJson();
    void importsValidCsv();
    void malformedInputStoresNothing_data();
    void malformedInputStoresNothing();
    void hostileInputIsRefused_data();
    void hostileInputIsRefused();
    void notARegularFile();
    void formatMustBeKnown();
    void analystCannotImport();

private:
    QString writeFile(const QString& name, const QByteArray& bytes);

    std::unique_ptr<TestWorkspace> m_ws;
    std::unique_ptr<CtlHarness> m_ctl;
    std::unique_ptr<QTemporaryDir> m_tmp;
};

void PathsImportTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->openError()));
    m_ctl = std::make_unique<CtlHarness>(*m_ws);
    m_tmp = std::make_unique<QTemporaryDir>();
    // One path already there, so "nothing stored" also means "nothing lost".
    QVERIFY(m_ws->app().catalogue().create(m_ws->admin(), DecisionPathBuilder(s("existing-path")).build()));
}

void PathsImportTest::cleanup()
{
    m_ctl.reset();
    m_ws.reset();
    m_tmp.reset();
}

QString PathsImportTest::writeFile(const QString& name, const QByteArray& bytes)
{
    const QString path = m_tmp->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void PathsImportTest::importsValidJson()
{
    const auto r =
        m_ctl->runAs(s("admin"), {s("paths"), s("import"), CtlHarness::dataFile(s("paths-valid.json")),
                                  s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonObject o = CtlHarness::json(r.out).object();
    QCOMPARE(o.value(s("created")).toInt(), 2);
    QCOMPARE(o.value(s("format")).toString(), s("json"));
    QCOMPARE(pathCount(*m_ws), 3);
    auto soc = m_ws->app().catalogue().get(m_ws->admin(), s("soc-isolate-endpoint"));
    QVERIFY(soc);
    QCOMPARE(soc->status, PathStatus::Active); // the file's status, reached through the lifecycle rules
    QCOMPARE(soc->frameworks.maestroLayers, QStringList{s("L3")});
}

void PathsImportTest::importsValidCsv()
{
    const auto r =
        m_ctl->runAs(s("admin"), {s("paths"), s("import"), CtlHarness::dataFile(s("paths-valid.csv"))});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(s("imported 2 paths from ")));
    QCOMPARE(pathCount(*m_ws), 3);
    auto scale = m_ws->app().catalogue().get(m_ws->admin(), s("cloud-scale-service"));
    QVERIFY(scale);
    QCOMPARE(scale->description, s("=1+2 is text, not a formula")); // the neutralising quote is stripped
    QCOMPARE(scale->actionTypes, (QStringList{s("k8s.deployment.scale"), s("k8s.hpa.update")}));
    QCOMPARE(scale->frameworks.owaspAgentic, (QStringList{s("ASI02"), s("ASI05")}));
    auto mfa = m_ws->app().catalogue().get(m_ws->admin(), s("helpdesk-mfa-reset"));
    QVERIFY(mfa);
    QCOMPARE(mfa->status, PathStatus::Active);
}

void PathsImportTest::malformedInputStoresNothing_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("csv bad tier in row 3")
        << s("paths-bad-row.csv") << QStringList{s("paths-bad-row.csv: row 3"), s("\"tier\""), s("T9")};
    QTest::newRow("json bad workload in item 2")
        << s("paths-bad-item.json") << QStringList{s("paths-bad-item.json: item 2"), s("workload_id")};
    QTest::newRow("csv unterminated quote")
        << s("paths-malformed.csv") << QStringList{s("paths-malformed.csv: row "), s("malformed CSV")};
    QTest::newRow("json syntax error on line 3")
        << s("paths-malformed.json") << QStringList{s("paths-malformed.json: line 3"), s("malformed JSON")};
}

void PathsImportTest::malformedInputStoresNothing()
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, mentions);
    const int before = pathCount(*m_ws);
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("import"), CtlHarness::dataFile(fixture)});
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY(r.err.startsWith(s("gatehousectl: ")));
    for (const auto& m : mentions)
        QVERIFY2(r.err.contains(m), qPrintable(QStringLiteral("missing '%1' in: %2").arg(m, r.err)));
    QCOMPARE(pathCount(*m_ws), before);
    auto events = m_ws->app().ledger().events(AuditQuery{s("paths.imported"), {}, {}, {}, 0, 10});
    QVERIFY(events);
    QVERIFY(events->isEmpty());
}

void PathsImportTest::hostileInputIsRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");

    // 20 MB: refused by size before it is read into memory.
    QByteArray big;
    big.reserve(20 * 1024 * 1024 + 2);
    big.append('[');
    big.append(QByteArray(20 * 1024 * 1024, ' '));
    big.append(']');
    QTest::newRow("20 MB json") << s("big.json") << big << s("more than the limit of 16.0 MiB");
    QTest::newRow("20 MB csv") << s("big.csv") << QByteArray(20 * 1024 * 1024, 'a') << s("limit");

    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    QTest::newRow("100k-deep json arrays") << s("deep.json") << deep << s("deep.json");
    QByteArray deepObjects;
    for (int i = 0; i < 100000; ++i)
        deepObjects += "{\"a\":";
    deepObjects += "1" + QByteArray(100000, '}');
    QTest::newRow("100k-deep json objects")
        << s("deep-objects.json") << deepObjects << s("deep-objects.json");

    QByteArray garbage(256 * 1024, '\0');
    QRandomGenerator rng(20261129);
    for (auto& c : garbage)
        c = static_cast<char>(rng.bounded(256));
    QTest::newRow("binary garbage as json") << s("garbage.json") << garbage << s("garbage.json");
    QTest::newRow("binary garbage as csv") << s("garbage.csv") << garbage << s("garbage.csv");
    QTest::newRow("NUL bytes in csv")
        << s("nul.csv") << QByteArray("id,name\r\nx\0y,z\r\n", 16) << s("nul.csv");
    QTest::newRow("empty json") << s("empty.json") << QByteArray() << s("empty.json");
    QTest::newRow("empty csv") << s("empty.csv") << QByteArray() << s("empty.csv");
    QTest::newRow("json object, not array")
        << s("object.json") << QByteArray(R"({"id":"x","name":"y"})") << s("expected a JSON array");
    QTest::newRow("json array of numbers") << s("numbers.json") << QByteArray("[1,2,3]") << s("item 1");
    QTest::newRow("csv unknown column")
        << s("columns.csv") << QByteArray("id,name,colour\r\nx,y,red\r\n") << s("unknown column \"colour\"");
    QTest::newRow("csv header only") << s("header.csv") << QByteArray("id,name\r\n") << s("header.csv");
}

void PathsImportTest::hostileInputIsRefused()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const QString file = writeFile(name, bytes);
    const int before = pathCount(*m_ws);
    const auto r = m_ctl->runAs(s("admin"), {s("paths"), s("import"), file});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err.left(400)));
    QVERIFY(r.err.size() < 2000); // the error quotes the input sparingly
    QCOMPARE(r.err.count(QLatin1Char('\n')), 1);
    QCOMPARE(pathCount(*m_ws), before);
}

void PathsImportTest::notARegularFile()
{
    auto r = m_ctl->runAs(s("admin"), {s("paths"), s("import"), m_tmp->path(), s("--json")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("not a regular file")));
    r = m_ctl->runAs(s("admin"), {s("paths"), s("import"), m_tmp->filePath(s("absent.json"))});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("absent.json: no such file")));
    if (QFileInfo::exists(s("/dev/zero"))) {
        r = m_ctl->runAs(s("admin"), {s("paths"), s("import"), s("/dev/zero"), s("--csv")});
        QCOMPARE(r.code, 2);
    }
}

void PathsImportTest::formatMustBeKnown()
{
    const QString file = writeFile(s("paths.txt"), "id,name\r\nx,y\r\n");
    auto r = m_ctl->runAs(s("admin"), {s("paths"), s("import"), file});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("give --csv or --json")));
    r = m_ctl->runAs(s("admin"), {s("paths"), s("import"), file, s("--csv")});
    QCOMPARE(r.code, 0);
    QCOMPARE(pathCount(*m_ws), 2);
}

void PathsImportTest::analystCannotImport()
{
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    const auto r =
        m_ctl->runAs(s("analyst1"), {s("paths"), s("import"), CtlHarness::dataFile(s("paths-valid.json"))});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(s("analyst1 may not register decision paths")), qPrintable(r.err));
    QCOMPARE(pathCount(*m_ws), 1);
}

QTEST_GUILESS_MAIN(PathsImportTest)
#include "PathsImportTest.moc"
