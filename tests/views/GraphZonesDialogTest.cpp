#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

#include "AwsAuthorizationImporter.h"
#include "FakeUserInteraction.h"
#include "GraphZoneDialog.h"
#include "GraphZonesDialog.h"
#include "PermissionGraphPage.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString arn(const char* rest)
{
    return QStringLiteral("arn:aws:iam::111122223333:") + QLatin1String(rest);
}

/// assume-role-chain.json: dev -can_assume-> Hop1 -can_assume-> Admin (Tier Zero).
void seedGraph(TestWorkspace& ws)
{
    importAssumeRoleChain(ws);
}

/// Types \a text into a selector cell the way a user does: start editing, type, Return.
void editCell(QTableWidget* table, int row, int column, const QString& text)
{
    table->setCurrentCell(row, column);
    table->editItem(table->item(row, column));
    auto* editor = table->viewport()->findChild<QLineEdit*>();
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Delete);
    typeText(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits on Return through a queued call.
    QTRY_COMPARE(table->item(row, column)->text(), text);
}

/// Rows of the findings view as "into|id", top to bottom.
QStringList shownFindings(GraphZonesDialog* dialog)
{
    QStringList out;
    const QAbstractItemModel* m = dialog->findingView()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        out << m->index(r, GraphZonesDialog::ZoneColumn).data().toString() + QLatin1Char('|') +
                   m->index(r, GraphZonesDialog::IdColumn).data().toString();
    return out;
}

/// The service's findings in the same "into|id" form, sorted like the view (zone, then id).
QStringList expectedFindings(TestWorkspace& ws)
{
    QStringList out;
    const auto findings = ws.app().graph().findings(ws.admin()); // the loop must not outlive it
    for (const QString& f : *findings) {
        const auto parsed = GraphFinding::parse(f);
        out << (parsed->zone.isEmpty() ? QStringLiteral("Tier Zero") : parsed->zone) + QLatin1Char('|') +
                   parsed->identity;
    }
    return out;
}

QStringList sorted(QStringList list)
{
    list.sort(Qt::CaseInsensitive);
    return list;
}

int rowOf(GraphZonesDialog* dialog, const QString& into, const QString& id)
{
    return static_cast<int>(shownFindings(dialog).indexOf(into + QLatin1Char('|') + id));
}

void saveGrab(QWidget* widget, const QString& name)
{
    if (qEnvironmentVariableIsEmpty("GATEHOUSE_SHOTS"))
        return;
    QDir().mkpath(qEnvironmentVariable("GATEHOUSE_SHOTS"));
    widget->grab().save(qEnvironmentVariable("GATEHOUSE_SHOTS") + QLatin1Char('/') + name +
                        QStringLiteral(".png"));
}

QStringList hopTargets(const GraphFoundPath& path)
{
    QStringList out;
    for (const GraphPathHop& hop : path.hops)
        out << hop.edge.to;
    return out;
}

} // namespace

class GraphZonesDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void parsesFindings()
    {
        const auto t0 = GraphFinding::parse(QStringLiteral("tier_zero|arn:x|y"));
        QVERIFY(t0.has_value());
        QCOMPARE(t0->zone, QString());
        QCOMPARE(t0->identity, QStringLiteral("arn:x|y"));
        const auto zone = GraphFinding::parse(QStringLiteral("zone:Прод (a+b)*|arn:aws:iam::1:user/dev"));
        QCOMPARE(zone->zone, QStringLiteral("Прод (a+b)*"));
        QCOMPARE(zone->identity, QStringLiteral("arn:aws:iam::1:user/dev"));
        QVERIFY(!GraphFinding::parse(QStringLiteral("zone:no-bar")).has_value());
        QVERIFY(!GraphFinding::parse(QStringLiteral("other|x")).has_value());
    }

    void adminAddsAndEditsAZoneAndFindingsFollow()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.resize(1400, 850);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QTest::mouseClick(child<QPushButton>(&page, "zonesButton"), Qt::LeftButton);
        GraphZonesDialog* dialog = page.zonesDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->zoneTable()->rowCount(), 0);
        const QStringList before = expectedFindings(ws);
        QVERIFY(before.contains(QStringLiteral("Tier Zero|") + arn("user/dev")));
        QVERIFY(before.contains(QStringLiteral("Tier Zero|") + arn("role/Hop1")));
        QCOMPARE(sorted(shownFindings(dialog)), sorted(before));
        QCOMPARE(dialog->findingCount()->text(), QStringLiteral("%1 findings").arg(before.size()));
        // The identity column shows the label.
        const int devRow = rowOf(dialog, QStringLiteral("Tier Zero"), arn("user/dev"));
        QVERIFY(devRow >= 0);
        QCOMPARE(
            dialog->findingView()->model()->index(devRow, GraphZonesDialog::IdentityColumn).data().toString(),
            QStringLiteral("dev"));

        // Add a zone "hops" (rank 5) holding Hop1.
        QVERIFY(dialog->addButton()->isEnabled());
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog->activeEditor() != nullptr);
        GraphZoneDialog* editor = dialog->activeEditor();
        QTRY_VERIFY(editor->isVisible());
        QVERIFY(!editor->saveButton()->isEnabled());
        QVERIFY2(editor->issue().contains(QStringLiteral("needs a name")), qPrintable(editor->issue()));
        auto* name = child<QLineEdit>(editor, "zoneNameEdit");
        QTest::keyClicks(name, QStringLiteral("hops|x"));
        QVERIFY2(editor->issue().contains(QStringLiteral("may not contain \"|\"")),
                 qPrintable(editor->issue()));
        QTest::keyClick(name, Qt::Key_Backspace);
        QTest::keyClick(name, Qt::Key_Backspace);
        auto* rank = child<QSpinBox>(editor, "zoneRankSpin");
        rank->selectAll();
        QTest::keyClicks(rank, QStringLiteral("5"));
        QCOMPARE(rank->value(), 5);
        // An empty selector row is refused, then a value without an attribute.
        QVERIFY2(editor->issue().contains(QStringLiteral("selector 1: is empty")),
                 qPrintable(editor->issue()));
        QTableWidget* selectors = editor->selectorTable();
        editCell(selectors, 0, GraphZoneDialog::ValueColumn, QStringLiteral("prod-*"));
        QVERIFY2(editor->issue().contains(QStringLiteral("selector 1: key \"value\" needs an \"attribute\"")),
                 qPrintable(editor->issue()));
        QVERIFY(!editor->saveButton()->isEnabled());
        editCell(selectors, 0, GraphZoneDialog::ValueColumn, QString());
        editCell(selectors, 0, GraphZoneDialog::IdColumn, arn("role/Hop1"));
        auto* kind = static_cast<QComboBox*>(selectors->cellWidget(0, GraphZoneDialog::KindColumn));
        kind->setCurrentIndex(kind->findData(QStringLiteral("role")));
        QVERIFY2(editor->issue().isEmpty(), qPrintable(editor->issue()));
        saveGrab(editor, QStringLiteral("zone-editor"));
        QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog->activeEditor() == nullptr);
        QVERIFY(ui.errors.isEmpty());

        const auto zones = ws.app().graph().zones(ws.admin());
        QCOMPARE(zones->size(), 1);
        QCOMPARE(zones->at(0).name, QStringLiteral("hops"));
        QCOMPARE(zones->at(0).rank, 5);
        QCOMPARE(zones->at(0).selectors,
                 (QList<QJsonObject>{QJsonObject{{QStringLiteral("id"), arn("role/Hop1")},
                                                 {QStringLiteral("kind"), QStringLiteral("role")}}}));
        QCOMPARE(dialog->zoneTable()->rowCount(), 1);
        QCOMPARE(dialog->zoneTable()->item(0, 0)->text(), QStringLiteral("hops"));
        QCOMPARE(dialog->zoneTable()->item(0, 1)->text(), QStringLiteral("5"));
        QCOMPARE(dialog->zoneTable()->item(0, 2)->text(),
                 QStringLiteral("kind role, id %1").arg(arn("role/Hop1")));
        // dev reaches Hop1 and ranks below the zone: a new finding, in the service and the list.
        const QStringList afterAdd = expectedFindings(ws);
        QVERIFY(afterAdd.contains(QStringLiteral("hops|") + arn("user/dev")));
        QVERIFY(!afterAdd.contains(QStringLiteral("hops|") + arn("role/Hop1")));
        QCOMPARE(sorted(shownFindings(dialog)), sorted(afterAdd));

        // Edit: the zone now holds Admin instead; Hop1 leaves it and becomes a finding.
        dialog->zoneTable()->setCurrentCell(0, 0);
        QVERIFY(dialog->editButton()->isEnabled());
        QTest::mouseClick(dialog->editButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog->activeEditor() != nullptr);
        editor = dialog->activeEditor();
        QVERIFY(editor->isEditing());
        QVERIFY(child<QLineEdit>(editor, "zoneNameEdit")->isReadOnly());
        QCOMPARE(child<QSpinBox>(editor, "zoneRankSpin")->value(), 5);
        editCell(editor->selectorTable(), 0, GraphZoneDialog::IdColumn, arn("role/Admin"));
        QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog->activeEditor() == nullptr);
        QCOMPARE(
            ws.app().graph().zones(ws.admin())->at(0).selectors.at(0).value(QStringLiteral("id")).toString(),
            arn("role/Admin"));
        const QStringList afterEdit = expectedFindings(ws);
        QVERIFY(afterEdit.contains(QStringLiteral("hops|") + arn("role/Hop1")));
        QVERIFY(afterEdit.contains(QStringLiteral("hops|") + arn("user/dev")));
        QCOMPARE(sorted(shownFindings(dialog)), sorted(afterEdit));
        saveGrab(dialog, QStringLiteral("zones-dialog"));

        // Double-clicking a zone finding shows dev's paths into the zone's members.
        QSignalSpy shown(&page, &PermissionGraphPage::layoutShown);
        const int hopsDev = rowOf(dialog, QStringLiteral("hops"), arn("user/dev"));
        QVERIFY(hopsDev >= 0);
        QTableView* view = dialog->findingView();
        view->scrollTo(view->model()->index(hopsDev, GraphZonesDialog::IdColumn));
        const QRect cell = view->visualRect(view->model()->index(hopsDev, GraphZonesDialog::IdColumn));
        // A user's double-click is a click, then a second press that the system reports as a
        // double-click; QTest::mouseDClick alone sends only the second half in Qt 6.4.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QVERIFY2(shown.wait(10000), qPrintable(page.statusLabel()->text()));
        QCOMPARE(page.mode(), PermissionGraphPage::Mode::Paths);
        QCOMPARE(page.startId(), arn("user/dev"));
        QCOMPARE(page.foundPaths().at(0).start, arn("user/dev"));
        QCOMPARE(page.foundPaths().at(0).end, arn("role/Admin"));
        QCOMPARE(hopTargets(page.foundPaths().at(0)), (QStringList{arn("role/Hop1"), arn("role/Admin")}));
        QVERIFY2(page.statusLabel()->text().startsWith(QStringLiteral("Finding: ")) &&
                     page.statusLabel()->text().contains(QStringLiteral(" to zone hops")),
                 qPrintable(page.statusLabel()->text()));
        // And a Tier Zero finding, through the keyboard-free API: Hop1 into Tier Zero.
        QVERIFY(dialog->activateFinding(rowOf(dialog, QStringLiteral("Tier Zero"), arn("role/Hop1"))));
        QVERIFY(shown.wait(10000));
        QCOMPARE(page.startId(), arn("role/Hop1"));
        QCOMPARE(hopTargets(page.foundPaths().at(0)), QStringList{arn("role/Admin")});
        QCOMPARE(page.targetCombo()->currentData().toInt(),
                 static_cast<int>(PermissionGraphPage::Target::TierZero));

        // Remove: asked first (a "no" keeps it), then gone from the service and the findings.
        dialog->zoneTable()->setCurrentCell(0, 0);
        QVERIFY(dialog->removeButton()->isEnabled());
        ui.confirmAnswers.enqueue(false);
        QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
        QCOMPARE(ws.app().graph().zones(ws.admin())->size(), 1);
        QVERIFY(ui.questions.constLast().contains(QStringLiteral("Remove zone \"hops\" (rank 5)")));
        ui.confirmAnswers.enqueue(true);
        QTest::mouseClick(dialog->removeButton(), Qt::LeftButton);
        QVERIFY(ws.app().graph().zones(ws.admin())->isEmpty());
        QCOMPARE(dialog->zoneTable()->rowCount(), 0);
        QVERIFY(!dialog->removeButton()->isEnabled());
        QCOMPARE(sorted(shownFindings(dialog)), sorted(before));
        QVERIFY(ui.errors.isEmpty());
    }

    void nonAdminCannotSaveAZone()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        const OperatorSession analyst = ws.addOperator(QStringLiteral("ana"), OperatorRole::Analyst);
        FakeUserInteraction ui;
        {
            PermissionGraphPage page(consoleServices(ws), analyst, ui);
            page.show();
            page.refresh();
            GraphZonesDialog* dialog = page.openZonesDialog();
            QVERIFY(dialog);
            const QString why =
                QStringLiteral("Defining privilege zones needs the admin role; ana has analyst.");
            QVERIFY(!dialog->addButton()->isEnabled());
            QVERIFY(!dialog->editButton()->isEnabled());
            QVERIFY(!dialog->removeButton()->isEnabled());
            QCOMPARE(dialog->addButton()->toolTip(), why);
            QCOMPARE(dialog->removeButton()->toolTip(), why);
            QCOMPARE(child<QLabel>(dialog, "zoneNote")->text(), why);
            // Findings are readable all the same.
            QCOMPARE(sorted(shownFindings(dialog)), sorted(expectedFindings(ws)));
        }
        // An admin demoted while the dialog is open: the button still says yes, the service says no.
        const OperatorSession ada = ws.addOperator(QStringLiteral("ada"), OperatorRole::Admin);
        PermissionGraphPage page(consoleServices(ws), ada, ui);
        page.show();
        page.refresh();
        GraphZonesDialog* dialog = page.openZonesDialog();
        QVERIFY(ws.app().accounts().setRoles(ws.admin(), QStringLiteral("ada"), OperatorRole::Analyst));
        QVERIFY(dialog->addButton()->isEnabled());
        QTest::mouseClick(dialog->addButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog->activeEditor() != nullptr);
        GraphZoneDialog* editor = dialog->activeEditor();
        QTest::keyClicks(child<QLineEdit>(editor, "zoneNameEdit"), QStringLiteral("prod"));
        editCell(editor->selectorTable(), 0, GraphZoneDialog::IdColumn, QStringLiteral("*"));
        QTest::mouseClick(editor->saveButton(), Qt::LeftButton);
        QVERIFY(editor->isVisible());
        QVERIFY2(editor->saveError().contains(QStringLiteral("define privilege zones")),
                 qPrintable(editor->saveError()));
        QCOMPARE(ws.app().graph().zones(ws.admin())->size(), 0);
        editor->reject();
    }

    void filterTakesTextLiterally()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        seedGraph(ws);
        const QJsonObject hop1{{QStringLiteral("id"), arn("role/Hop1")}};
        QVERIFY(ws.app().graph().saveZone(ws.admin(), GraphZone{QStringLiteral("Прод (a+b)*"), 5, {hop1}}));
        QVERIFY(ws.app().graph().saveZone(ws.admin(), GraphZone{QStringLiteral("prod.x"), 6, {hop1}}));
        FakeUserInteraction ui;
        PermissionGraphPage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        page.refresh();
        GraphZonesDialog* dialog = page.openZonesDialog();
        const QStringList all = shownFindings(dialog);
        QCOMPARE(sorted(all), sorted(expectedFindings(ws)));
        const auto rowsOf = [&all](const QString& zone) {
            QStringList out;
            for (const QString& row : all)
                if (row.startsWith(zone + QLatin1Char('|')))
                    out << row;
            return out;
        };
        const QStringList special = rowsOf(QStringLiteral("Прод (a+b)*"));
        const QStringList dotted = rowsOf(QStringLiteral("prod.x"));
        QVERIFY(!special.isEmpty());
        QVERIFY(!dotted.isEmpty());
        QVERIFY(all.size() > special.size() + dotted.size());

        const auto filterBy = [&](const QString& text) {
            auto* edit = dialog->filterEdit();
            edit->clear();
            typeText(edit, text);
            return sorted(shownFindings(dialog));
        };
        QCOMPARE(filterBy(QStringLiteral("(a+b)*")), sorted(special));
        QCOMPARE(filterBy(QStringLiteral("a+b")), sorted(special)); // as a pattern it would match "ab" only
        QCOMPARE(filterBy(QStringLiteral("*")), sorted(special));
        QCOMPARE(filterBy(QStringLiteral("прод (")), sorted(special)); // case-insensitive, Cyrillic
        QCOMPARE(filterBy(QStringLiteral(".")), sorted(dotted));       // as a pattern it would match all
        QCOMPARE(dialog->findingCount()->text(),
                 QStringLiteral("%1 of %2 findings").arg(dotted.size()).arg(all.size()));
        QCOMPARE(filterBy(QStringLiteral("[")), QStringList());
        QCOMPARE(filterBy(QString()), sorted(all));
        QCOMPARE(dialog->findingCount()->text(), QStringLiteral("%1 findings").arg(all.size()));
    }
};

QTEST_MAIN(GraphZonesDialogTest)
#include "GraphZonesDialogTest.moc"
