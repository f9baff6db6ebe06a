#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "AwsAuthorizationImporter.h"
#include "DecisionPathBuilder.h"
#include "FakeUserInteraction.h"
#include "GraphNodeItem.h"
#include "GraphQueryDialog.h"
#include "GraphSavedQueriesPanel.h"
#include "PermissionGraphPage.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString arn(const char* rest)
{
    return QStringLiteral("arn:aws:iam::111122223333:") + QLatin1String(rest);
}

/// assume-role-chain.json: dev -can_assume-> Hop1 -can_assume-> Admin (Tier Zero), and the
/// catalogue's path "deployer" runs as dev.
void seedGraph(TestWorkspace& ws)
{
    DecisionPath p = DecisionPathBuilder(QStringLiteral("deployer")).owner(QStringLiteral("admin")).build();
    p.runsAs = {arn("user/dev")};
    if (!ws.app().catalogue().create(ws.admin(), p))
        qFatal("cannot create the decision path");
    importAssumeRoleChain(ws);
}

/// A page on \a session, shown, with its Saved queries tab in front.
struct PageFixture
{
    PageFixture(TestWorkspace& ws, const OperatorSession& session)
        : page(consoleServices(ws), session, ui), panel(page.savedQueriesPanel())
    {
        page.resize(1400, 850);
        page.show();
        if (!QTest::qWaitForWindowExposed(&page))
            qFatal("page not exposed");
        page.refresh();
        page.sideTabs()->setCurrentWidget(panel);
    }
    FakeUserInteraction ui;
    PermissionGraphPage page;
    GraphSavedQueriesPanel* panel;
};

QStringList hopTargets(const GraphFoundPath& path)
{
    QStringList out;
    for (const GraphPathHop& hop : path.hops)
        out << hop.edge.to;
    return out;
}

qint64 ledgerCount(Application& app, const QString& type)
{
    AuditQuery q;
    q.text = type;
    qint64 n = 0;
    const auto events = app.ledger().events(q);
    for (const auto& e : *events)
        n += e.type == type ? 1 : 0;
    return n;
}

void saveGrab(QWidget* widget, const QString& name)
{
    if (qEnvironmentVariableIsEmpty("GATEHOUSE_SHOTS"))
        return;
    QDir().mkpath(qEnvironmentVariable("GATEHOUSE_SHOTS"));
    widget->grab().save(qEnvironmentVariable("GATEHOUSE_SHOTS") + QLatin1Char('/') + name +
                        QStringLiteral(".png"));
}

GraphSavedQuery stored(TestWorkspace& ws, const QString& name)
{
    const auto queries = ws.app().graph().savedQueries(ws.admin());
    for (const GraphSavedQuery& q : *queries)
        if (q.name == name)
            return q;
    return {};
}

} // namespace

class GraphSavedQueriesPanelTest : public QObject
{
    Q_OBJECT

private slots:
    void savesRunsReplacesAndDeletesThroughThePanel()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        PageFixture f(ws, ws.admin());
        QSignalSpy shown(&f.page, &PermissionGraphPage::layoutShown);
        QCOMPARE(f.panel->list()->count(), 0);
        QVERIFY(!f.panel->runButton()->isEnabled());

        // The page's current query: from the AI path, to Tier Zero, up to 2 paths, at most 5 hops.
        QVERIFY(f.page.startFrom(QStringLiteral("path:deployer")));
        QVERIFY(shown.wait(10000));
        f.page.kSpin()->setValue(2);
        f.page.maxHopsSpin()->setValue(5);

        QVERIFY(f.panel->saveButton()->isEnabled());
        QTest::mouseClick(f.panel->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.panel->activeDialog() != nullptr);
        GraphQueryDialog* dialog = f.panel->activeDialog();
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(child<QPlainTextEdit>(dialog, "queryStartsEdit")->toPlainText(),
                 QStringLiteral("path:deployer"));
        QCOMPARE(child<QComboBox>(dialog, "queryTargetCombo")->currentText(), QStringLiteral("Tier Zero"));
        QCOMPARE(child<QSpinBox>(dialog, "queryKSpin")->value(), 2);
        QCOMPARE(child<QSpinBox>(dialog, "queryMaxHopsSpin")->value(), 5);
        // No name yet: Save is disabled and the dialog says why.
        QVERIFY(!dialog->saveButton()->isEnabled());
        QVERIFY2(dialog->issue().contains(QStringLiteral("needs a name of 1 to 200 characters")),
                 qPrintable(dialog->issue()));

        QTest::keyClicks(child<QLineEdit>(dialog, "queryNameEdit"), QStringLiteral("AI paths to Tier Zero"));
        typeText(child<QPlainTextEdit>(dialog, "queryDescriptionEdit"), QStringLiteral("Отчёт (weekly)"));
        QVERIFY2(dialog->issue().isEmpty(), qPrintable(dialog->issue()));
        saveGrab(dialog, QStringLiteral("save-query-dialog"));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.panel->activeDialog() == nullptr);

        QCOMPARE(f.panel->names(), QStringList{QStringLiteral("AI paths to Tier Zero")});
        QVERIFY(f.panel->list()->item(0)->text().startsWith(
            QStringLiteral("AI paths to Tier Zero\nОтчёт (weekly) · by admin")));
        QVERIFY(f.panel->list()->item(0)->toolTip().contains(QStringLiteral("From: path:deployer")));
        const GraphSavedQuery saved = stored(ws, QStringLiteral("AI paths to Tier Zero"));
        QCOMPARE(saved.description, QStringLiteral("Отчёт (weekly)"));
        QCOMPARE(saved.savedBy, QStringLiteral("admin"));
        const auto q = GraphPathQuery::fromJson(saved.query);
        QVERIFY(q.has_value());
        QCOMPARE(q->from, QStringList{QStringLiteral("path:deployer")});
        QVERIFY(q->toTierZero);
        QVERIFY(!q->toSensitive);
        QVERIFY(q->to.isEmpty());
        QCOMPARE(q->k, 2);
        QCOMPARE(q->maxHops, 5);

        // Move the page elsewhere, then run the saved query from the list.
        QVERIFY(f.page.startFrom(arn("role/Hop1")));
        QVERIFY(shown.wait(10000));
        f.page.kSpin()->setValue(1);
        f.page.maxHopsSpin()->setValue(0);
        QVERIFY(f.panel->select(QStringLiteral("AI paths to Tier Zero")));
        QVERIFY(f.panel->runButton()->isEnabled());
        QTest::mouseClick(f.panel->runButton(), Qt::LeftButton);
        QVERIFY(shown.wait(10000));
        QCOMPARE(f.page.mode(), PermissionGraphPage::Mode::Paths);
        QCOMPARE(f.page.foundPaths().size(), 1);
        const GraphFoundPath& path = f.page.foundPaths().first();
        QCOMPARE(path.start, QStringLiteral("path:deployer"));
        QCOMPARE(path.end, arn("role/Admin"));
        QCOMPARE(hopTargets(path), (QStringList{arn("user/dev"), arn("role/Hop1"), arn("role/Admin")}));
        QCOMPARE(f.page.highlightedPath(), 0);
        QCOMPARE(f.page.pathList()->item(0)->text(), QStringLiteral("1. 3 hops to Admin"));
        for (const QString& id :
             {QStringLiteral("path:deployer"), arn("user/dev"), arn("role/Hop1"), arn("role/Admin")})
            QVERIFY2(f.page.nodeItem(id) && f.page.nodeItem(id)->isHighlighted(), qPrintable(id));
        // The controls now show the saved query.
        QCOMPARE(f.page.kSpin()->value(), 2);
        QCOMPARE(f.page.maxHopsSpin()->value(), 5);
        QCOMPARE(f.page.startId(), QStringLiteral("path:deployer"));
        QVERIFY2(f.page.statusLabel()->text().startsWith(QStringLiteral(
                     "AI paths to Tier Zero: 1 path from Isolate compromised endpoint to Tier Zero")),
                 qPrintable(f.page.statusLabel()->text()));
        saveGrab(&f.page, QStringLiteral("page-saved-query-run"));

        // Saving under the same name asks first; "no" keeps the dialog open and stores nothing.
        QTest::mouseClick(f.panel->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.panel->activeDialog() != nullptr);
        dialog = f.panel->activeDialog();
        QTest::keyClicks(child<QLineEdit>(dialog, "queryNameEdit"), QStringLiteral("AI paths to Tier Zero"));
        QTest::keyClicks(child<QPlainTextEdit>(dialog, "queryDescriptionEdit"), QStringLiteral("second"));
        f.ui.confirmAnswers << false;
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QCOMPARE(f.ui.questions.size(), 1);
        QVERIFY2(
            f.ui.questions.last().contains(QStringLiteral("\"AI paths to Tier Zero\" was saved by admin")),
            qPrintable(f.ui.questions.last()));
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->saveError().startsWith(QStringLiteral("Not saved")));
        QCOMPARE(stored(ws, QStringLiteral("AI paths to Tier Zero")).description,
                 QStringLiteral("Отчёт (weekly)"));
        // An overlong description is refused before the service is asked.
        child<QPlainTextEdit>(dialog, "queryDescriptionEdit")->setPlainText(QString(2001, QLatin1Char('x')));
        QVERIFY(!dialog->saveButton()->isEnabled());
        QVERIFY2(dialog->issue().contains(QStringLiteral("has 2001 characters; at most 2000")),
                 qPrintable(dialog->issue()));
        child<QPlainTextEdit>(dialog, "queryDescriptionEdit")->setPlainText(QStringLiteral("second"));
        // "yes" replaces it.
        f.ui.confirmAnswers << true;
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.panel->activeDialog() == nullptr);
        QCOMPARE(f.panel->names(), QStringList{QStringLiteral("AI paths to Tier Zero")});
        QCOMPARE(stored(ws, QStringLiteral("AI paths to Tier Zero")).description, QStringLiteral("second"));
        QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.query_saved")), 2);

        // Delete asks, then removes it from the service and the list.
        f.ui.confirmAnswers << false;
        QTest::mouseClick(f.panel->removeButton(), Qt::LeftButton);
        QCOMPARE(f.panel->list()->count(), 1);
        f.ui.confirmAnswers << true;
        QTest::mouseClick(f.panel->removeButton(), Qt::LeftButton);
        QVERIFY(f.ui.questions.last().contains(
            QStringLiteral("Delete the saved query \"AI paths to Tier Zero\"")));
        QCOMPARE(f.panel->list()->count(), 0);
        QCOMPARE(ws.app().graph().savedQueries(ws.admin())->size(), 0);
        QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.query_removed")), 1);
        QVERIFY(f.ui.errors.isEmpty());
    }

    void savesSeveralStartsAndChosenTargets()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        PageFixture f(ws, ws.admin());
        QSignalSpy shown(&f.page, &PermissionGraphPage::layoutShown);
        // A query with two starts and a chosen target, run as `graph run-query` would.
        GraphPathQuery query;
        query.from = {arn("user/dev"), QStringLiteral("path:deployer")};
        query.to = {arn("role/Hop1")};
        query.k = 3;
        const auto expected = ws.app().graph().paths(ws.admin(), query);
        QVERIFY(expected.has_value());
        QVERIFY(expected->size() >= 2);
        QCOMPARE(f.page.runQuery(query, QStringLiteral("to Hop1")), expected->size());
        QVERIFY(shown.wait(10000));
        QCOMPARE(f.page.foundPaths().size(), expected->size());
        QCOMPARE(f.page.foundPaths().at(0).start, arn("user/dev"));
        QCOMPARE(hopTargets(f.page.foundPaths().at(0)), QStringList{arn("role/Hop1")});
        QCOMPARE(f.page.foundPaths().at(1).start, QStringLiteral("path:deployer"));
        QCOMPARE(hopTargets(f.page.foundPaths().at(1)), (QStringList{arn("user/dev"), arn("role/Hop1")}));
        QCOMPARE(f.page.targetCombo()->currentData().toInt(),
                 static_cast<int>(PermissionGraphPage::Target::ChosenNode));

        QTest::mouseClick(f.panel->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.panel->activeDialog() != nullptr);
        GraphQueryDialog* dialog = f.panel->activeDialog();
        QCOMPARE(child<QPlainTextEdit>(dialog, "queryStartsEdit")->toPlainText(),
                 arn("user/dev") + QStringLiteral("\npath:deployer"));
        QCOMPARE(child<QComboBox>(dialog, "queryTargetCombo")->currentText(), QStringLiteral("these nodes"));
        QCOMPARE(child<QPlainTextEdit>(dialog, "queryTargetsEdit")->toPlainText(), arn("role/Hop1"));
        QCOMPARE(child<QSpinBox>(dialog, "queryKSpin")->value(), 3);
        // Clearing the targets leaves a query without target: refused with a clear message.
        child<QPlainTextEdit>(dialog, "queryTargetsEdit")->clear();
        QTest::keyClicks(child<QLineEdit>(dialog, "queryNameEdit"), QStringLiteral("into Hop1"));
        QVERIFY(!dialog->saveButton()->isEnabled());
        QVERIFY2(dialog->issue().contains(QStringLiteral("needs a target")), qPrintable(dialog->issue()));
        QTest::keyClicks(child<QPlainTextEdit>(dialog, "queryTargetsEdit"), arn("role/Hop1"));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.panel->activeDialog() == nullptr);
        const auto q = GraphPathQuery::fromJson(stored(ws, QStringLiteral("into Hop1")).query);
        QCOMPARE(q->from, query.from);
        QCOMPARE(q->to, query.to);
        QVERIFY(!q->toTierZero);
        QCOMPARE(q->k, 3);
    }

    void exportThenImportIntoASecondWorkspace()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        GraphPathQuery a;
        a.from = {QStringLiteral("path:deployer"), arn("user/dev")};
        a.toTierZero = true;
        a.k = 4;
        a.maxHops = 6;
        GraphPathQuery b;
        b.from = {arn("user/dev")};
        b.to = {arn("role/Hop1"), arn("role/Admin")};
        b.toSensitive = true;
        QVERIFY(ws.app().graph().saveQuery(
            ws.admin(),
            {QStringLiteral("Отчёт: AI → T0"), QStringLiteral("line one\nline (two)"), a.toJson(), {}, {}}));
        QVERIFY(ws.app().graph().saveQuery(
            ws.admin(), {QStringLiteral("dev [sensitive]"), QString(), b.toJson(), {}, {}}));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("queries.json"));
        {
            PageFixture f(ws, ws.admin());
            QCOMPARE(f.panel->list()->count(), 2);
            f.ui.saveFileAnswers << file;
            QTest::mouseClick(f.panel->exportButton(), Qt::LeftButton);
            QVERIFY(f.ui.errors.isEmpty());
            QCOMPARE(f.panel->statusLabel()->text(), QStringLiteral("Exported 2 queries to queries.json."));
        }
        QVERIFY(QFile::exists(file));

        TestWorkspace other;
        QVERIFY(other.isValid());
        seedGraph(other);
        PageFixture g(other, other.admin());
        QCOMPARE(g.panel->list()->count(), 0);
        g.ui.openFileAnswers << file;
        QTest::mouseClick(g.panel->importButton(), Qt::LeftButton);
        QVERIFY2(g.ui.errors.isEmpty(), qPrintable(g.ui.lastError()));
        QCOMPARE(g.panel->statusLabel()->text(), QStringLiteral("Imported 2 queries from queries.json."));
        QCOMPARE(g.panel->names(),
                 (QStringList{QStringLiteral("dev [sensitive]"), QStringLiteral("Отчёт: AI → T0")}));
        const GraphSavedQuery first = stored(other, QStringLiteral("Отчёт: AI → T0"));
        QCOMPARE(first.description, QStringLiteral("line one\nline (two)"));
        QCOMPARE(first.savedBy, QStringLiteral("admin"));
        QCOMPARE(first.query, a.toJson());
        const GraphSavedQuery second = stored(other, QStringLiteral("dev [sensitive]"));
        QCOMPARE(second.description, QString());
        QCOMPARE(second.query, b.toJson());

        // The imported query runs in the second workspace.
        QSignalSpy shown(&g.page, &PermissionGraphPage::layoutShown);
        QVERIFY(g.panel->select(QStringLiteral("Отчёт: AI → T0")));
        QVERIFY(g.panel->runSelected());
        QVERIFY(shown.wait(10000));
        const auto expected = other.app().graph().paths(other.admin(), a);
        QVERIFY(expected.has_value() && !expected->isEmpty());
        QCOMPARE(g.page.foundPaths().size(), expected->size());
        QCOMPARE(g.page.foundPaths().at(0).start, arn("user/dev"));
        QCOMPARE(hopTargets(g.page.foundPaths().at(0)), (QStringList{arn("role/Hop1"), arn("role/Admin")}));
    }

    void badImportsShowTheServiceErrorAndStoreNothing_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        const QByteArray good = R"({"name":"ok","query":{"from":["a"],"to_tier_zero":true}})";
        QTest::newRow("not JSON") << QByteArray("{\"queries\": [")
                                  << QStringLiteral("saved queries: not JSON");
        QTest::newRow("k out of range, second entry")
            << QByteArray(R"({"queries":[)" + good +
                          R"(,{"name":"bad","query":{"from":["a"],"to":["b"],"k":99}}]})")
            << QStringLiteral("saved queries: queries[1]: saved query \"bad\": query field \"k\" must be a "
                              "whole number from 1 to 50");
        QTest::newRow("oversized") << (R"({"queries":[)" + good + R"(],"pad":")" +
                                       QByteArray(PermissionGraphService::kMaxQueryImportBytes, ' ') +
                                       R"("})")
                                   << QStringLiteral(
                                          "saved queries: the file has 4194305 bytes; at most 4194304");
    }

    void badImportsShowTheServiceErrorAndStoreNothing()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        GraphPathQuery q;
        q.from = {QStringLiteral("x")};
        q.toTierZero = true;
        QVERIFY(
            ws.app().graph().saveQuery(ws.admin(), {QStringLiteral("kept"), QString(), q.toJson(), {}, {}}));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("bad.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(content);
        out.close();

        PageFixture f(ws, ws.admin());
        f.ui.openFileAnswers << file;
        QTest::mouseClick(f.panel->importButton(), Qt::LeftButton);
        QCOMPARE(f.ui.errors.size(), 1);
        QCOMPARE(f.ui.errors.first().title, QStringLiteral("Import failed: nothing was imported"));
        QVERIFY2(f.ui.lastError().startsWith(message), qPrintable(f.ui.lastError()));
        QCOMPARE(f.panel->names(), QStringList{QStringLiteral("kept")});
        QCOMPARE(ws.app().graph().savedQueries(ws.admin())->size(), 1);
        QCOMPARE(ledgerCount(ws.app(), QStringLiteral("graph.query_saved")), 1);
    }

    void analystRunsAndExportsButCannotSave()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        GraphPathQuery q;
        q.from = {arn("user/dev")};
        q.toTierZero = true;
        QVERIFY(ws.app().graph().saveQuery(ws.admin(),
                                           {QStringLiteral("dev to T0"), QString(), q.toJson(), {}, {}}));
        const OperatorSession analyst = ws.addOperator(QStringLiteral("ana"), OperatorRole::Analyst);
        PageFixture f(ws, analyst);
        QCOMPARE(f.panel->names(), QStringList{QStringLiteral("dev to T0")});
        for (QPushButton* b : {f.panel->saveButton(), f.panel->removeButton(), f.panel->importButton()}) {
            QVERIFY2(!b->isEnabled(), qPrintable(b->objectName()));
            QCOMPARE(b->toolTip(),
                     QStringLiteral("Saving, deleting and importing queries needs the admin or owner "
                                    "role; ana has analyst."));
        }
        QVERIFY(f.panel->runButton()->isEnabled());
        QVERIFY(f.panel->exportButton()->isEnabled());
        QSignalSpy shown(&f.page, &PermissionGraphPage::layoutShown);
        QTest::mouseClick(f.panel->runButton(), Qt::LeftButton);
        QVERIFY(shown.wait(10000));
        QCOMPARE(hopTargets(f.page.foundPaths().value(0)),
                 (QStringList{arn("role/Hop1"), arn("role/Admin")}));
    }

    void refusalAfterADemotionIsShown()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        // Signed in as an owner; an admin takes the role away while the page is open.
        const OperatorSession olga = ws.addOperator(QStringLiteral("olga"), OperatorRole::Owner);
        PageFixture f(ws, olga);
        QVERIFY(f.page.startFrom(arn("user/dev")));
        QVERIFY(ws.app().accounts().setRoles(ws.admin(), QStringLiteral("olga"), OperatorRole::Analyst));
        QVERIFY(f.panel->saveButton()->isEnabled()); // the session still says owner
        QTest::mouseClick(f.panel->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.panel->activeDialog() != nullptr);
        GraphQueryDialog* dialog = f.panel->activeDialog();
        QTest::keyClicks(child<QLineEdit>(dialog, "queryNameEdit"), QStringLiteral("mine"));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->saveError().contains(QStringLiteral("olga may not save graph queries")),
                 qPrintable(dialog->saveError()));
        QCOMPARE(ws.app().graph().savedQueries(ws.admin())->size(), 0);
        dialog->reject();
    }
};

QTEST_MAIN(GraphSavedQueriesPanelTest)
#include "GraphSavedQueriesPanelTest.moc"
