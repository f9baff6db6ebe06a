#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "Authorization.h"
#include "AwsAuthorizationImporter.h"
#include "CatalogueFilterBar.h"
#include "CataloguePage.h"
#include "DecisionPathBuilder.h"
#include "DecisionPathDetailView.h"
#include "DecisionPathDialog.h"
#include "DecisionPathFilterModel.h"
#include "DecisionPathTableModel.h"
#include "FakeUserInteraction.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

void checkCode(QListWidget* list, const QString& code)
{
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->text().startsWith(code + QLatin1Char(' ')))
            list->item(i)->setCheckState(Qt::Checked);
    }
}

QStringList shownIds(const CataloguePage& page)
{
    QStringList ids = columnTexts(*page.filterModel(), DecisionPathTableModel::IdColumn);
    ids.sort();
    return ids;
}

} // namespace

class CataloguePageTest : public QObject
{
    Q_OBJECT

private:
    /// Stores \a path through the service as admin, optionally activated.
    static DecisionPath store(TestWorkspace& ws, DecisionPath path, bool activate = false)
    {
        auto created = ws.app().catalogue().create(ws.admin(), path);
        if (!created)
            qFatal("create %s: %s", qPrintable(path.id), qPrintable(created.error().message));
        if (activate) {
            auto active = ws.app().catalogue().activate(ws.admin(), path.id);
            if (!active)
                qFatal("activate %s: %s", qPrintable(path.id), qPrintable(active.error().message));
            return *active;
        }
        return *created;
    }

private slots:
    void addsAndActivatesAPathThroughTheDialog()
    {
        TestWorkspace ws;
        QVERIFY2(ws.isValid(), qPrintable(ws.openError()));
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.resize(1200, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QCOMPARE(page.filterModel()->rowCount(), 0);

        // Ctrl+N opens the editor.
        QTest::keyClick(page.tableView(), Qt::Key_N, Qt::ControlModifier);
        QTRY_VERIFY(page.activeEditor() != nullptr);
        DecisionPathDialog* dialog = page.activeEditor();
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->mode(), DecisionPathDialog::Mode::Create);

        QTest::keyClicks(child<QLineEdit>(dialog, "idEdit"), QStringLiteral("helpdesk-reset-mfa"));
        QTest::keyClicks(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("Reset MFA factor"));
        QTest::keyClicks(
            child<QPlainTextEdit>(dialog, "descriptionEdit"),
            QStringLiteral("Helpdesk agent resets a user's MFA factor after identity proofing."));
        auto* owner = child<QComboBox>(dialog, "ownerCombo");
        owner->clearEditText();
        QTest::keyClicks(owner, QStringLiteral("admin"));
        QTest::keyClicks(child<QLineEdit>(dialog, "teamEdit"), QStringLiteral("IT helpdesk"));
        QTest::keyClicks(child<QLineEdit>(dialog, "aiComponentEdit"), QStringLiteral("helpdesk-agent 1.4"));
        auto* env = child<QComboBox>(dialog, "environmentCombo");
        env->clearEditText();
        QTest::keyClicks(env, QStringLiteral("production"));
        QTest::keyClicks(child<QLineEdit>(dialog, "workloadEdit"),
                         QStringLiteral("spiffe://corp.example/agents/helpdesk"));
        typeLines(child<QPlainTextEdit>(dialog, "actionTypesEdit"),
                  {QStringLiteral("iam.mfa.reset"), QStringLiteral("iam.session.revoke")});
        QTest::keyClicks(child<QPlainTextEdit>(dialog, "targetsEdit"), QStringLiteral("okta:user/*"));
        auto* tier = child<QComboBox>(dialog, "tierCombo");
        tier->setFocus();
        QTest::keyClick(tier, Qt::Key_Down); // T0
        QTest::keyClick(tier, Qt::Key_Down); // T1
        QTest::keyClick(tier, Qt::Key_Down); // T2
        QCOMPARE(tier->currentText(), QStringLiteral("T2 — high"));
        checkCode(child<QListWidget>(dialog, "owaspList"), QStringLiteral("ASI03"));
        checkCode(child<QListWidget>(dialog, "nistCsfList"), QStringLiteral("PR.AA"));
        QTest::keyClicks(child<QPlainTextEdit>(dialog, "nistAiRmfEdit"), QStringLiteral("MANAGE 4.1"));

        QVERIFY2(dialog->issues().isEmpty(), qPrintable(joinIssues(dialog->issues())));
        QVERIFY(dialog->saveButton()->isEnabled());
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(page.activeEditor() == nullptr);
        QVERIFY(ui.errors.isEmpty());

        // Stored as a draft, shown and selected.
        auto stored = ws.app().catalogue().get(ws.admin(), QStringLiteral("helpdesk-reset-mfa"));
        QVERIFY2(stored.has_value(), qPrintable(stored ? QString() : stored.error().message));
        QCOMPARE(stored->status, PathStatus::Draft);
        QCOMPARE(stored->name, QStringLiteral("Reset MFA factor"));
        QCOMPARE(stored->owner, QStringLiteral("admin"));
        QCOMPARE(stored->team, QStringLiteral("IT helpdesk"));
        QCOMPARE(stored->tier, std::optional<SeverityTier>(SeverityTier::T2));
        QCOMPARE(stored->actionTypes,
                 (QStringList{QStringLiteral("iam.mfa.reset"), QStringLiteral("iam.session.revoke")}));
        QCOMPARE(stored->targets, QStringList{QStringLiteral("okta:user/*")});
        QCOMPARE(stored->workloadId, QStringLiteral("spiffe://corp.example/agents/helpdesk"));
        QCOMPARE(stored->frameworks.owaspAgentic, QStringList{QStringLiteral("ASI03")});
        QCOMPARE(stored->frameworks.nistCsf, QStringList{QStringLiteral("PR.AA")});
        QCOMPARE(stored->frameworks.nistAiRmf, QStringList{QStringLiteral("MANAGE 4.1")});
        QCOMPARE(page.filterModel()->rowCount(), 1);
        QCOMPARE(page.selectedPathId(), QStringLiteral("helpdesk-reset-mfa"));
        QVERIFY(page.activateAction()->isEnabled());
        QVERIFY(!page.suspendAction()->isEnabled());

        page.activateAction()->trigger();
        QVERIFY2(ui.errors.isEmpty(), qPrintable(ui.lastError()));
        stored = ws.app().catalogue().get(ws.admin(), QStringLiteral("helpdesk-reset-mfa"));
        QVERIFY(stored.has_value());
        QCOMPARE(stored->status, PathStatus::Active);
        QCOMPARE(page.filterModel()->index(0, DecisionPathTableModel::StatusColumn).data().toString(),
                 QStringLiteral("active"));
        QVERIFY(page.suspendAction()->isEnabled());
        QVERIFY(!page.activateAction()->isEnabled());

        AuditQuery query;
        query.subject = QStringLiteral("path:helpdesk-reset-mfa");
        auto events = ws.app().ledger().events(query);
        QVERIFY(events.has_value());
        QStringList types;
        for (const AuditEvent& e : std::as_const(*events)) {
            types << e.type;
            QCOMPARE(e.actor, QStringLiteral("operator:admin"));
        }
        QCOMPARE(types, (QStringList{QStringLiteral("path.created"), QStringLiteral("path.activated")}));
        auto verified = ws.app().ledger().verify();
        QVERIFY(verified.has_value());
        QVERIFY(verified->intact());
    }

    void activationRefusalNamesWhatIsMissing()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        store(ws,
              DecisionPathBuilder(QStringLiteral("draft-no-tier")).tier(std::nullopt).noFrameworks().build());
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        QVERIFY(page.selectPath(QStringLiteral("draft-no-tier")));
        page.activateAction()->trigger();
        QCOMPARE(ui.errors.size(), 1);
        const auto expected = ws.app().catalogue().activate(ws.admin(), QStringLiteral("draft-no-tier"));
        QVERIFY(!expected.has_value());
        QCOMPARE(ui.lastError(), expected.error().message);
        QVERIFY(ui.lastError().contains(QStringLiteral("a severity tier")));
        QVERIFY(ui.lastError().contains(QStringLiteral("a framework mapping")));
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("draft-no-tier"))->status,
                 PathStatus::Draft);
    }

    void analystGetsThePermissionDeniedMessage()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const DecisionPath path =
            store(ws, DecisionPathBuilder(QStringLiteral("soc-isolate-endpoint")).build());
        const OperatorSession analyst = ws.addOperator(QStringLiteral("analyst1"), OperatorRole::Analyst);
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), analyst, ui);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();

        // Activate: refused by the service, message shown verbatim, nothing changed.
        QVERIFY(page.selectPath(path.id));
        QVERIFY(page.activateAction()->isEnabled());
        page.activateAction()->trigger();
        const QString denied = Authorization::canChangePath(analyst, path).error().message;
        QCOMPARE(ui.errors.size(), 1);
        QCOMPARE(ui.lastError(), denied);
        QCOMPARE(ws.app().catalogue().get(ws.admin(), path.id)->status, PathStatus::Draft);

        // Editing through the dialog: the refusal stays in the open dialog, with the edits.
        page.editAction()->trigger();
        QTRY_VERIFY(page.activeEditor() != nullptr);
        DecisionPathDialog* dialog = page.activeEditor();
        auto* name = child<QLineEdit>(dialog, "nameEdit");
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Analyst rename"));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QCOMPARE(dialog->saveError(), denied);
        QVERIFY(dialog->isVisible());
        QCOMPARE(name->text(), QStringLiteral("Analyst rename"));
        QCOMPARE(ws.app().catalogue().get(ws.admin(), path.id)->name, path.name);
        dialog->reject();
        QTRY_VERIFY(page.activeEditor() == nullptr);

        // Creating: the analyst role may not register paths.
        page.newAction()->trigger();
        QTRY_VERIFY(page.activeEditor() != nullptr);
        dialog = page.activeEditor();
        QTest::keyClicks(child<QLineEdit>(dialog, "idEdit"), QStringLiteral("analyst-path"));
        QTest::keyClicks(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("Analyst path"));
        dialog->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(dialog));
        QTest::keyClick(child<QLineEdit>(dialog, "nameEdit"), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(dialog->saveError(), Authorization::canCreatePath(analyst, QString()).error().message);
        QVERIFY(!ws.app().catalogue().get(ws.admin(), QStringLiteral("analyst-path")).has_value());
        dialog->reject();
    }

    void staleEditOffersReload()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const DecisionPath p1 = store(ws, DecisionPathBuilder(QStringLiteral("p1")).build());
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QVERIFY(page.selectPath(QStringLiteral("p1")));
        QTest::keyClick(page.tableView(), Qt::Key_Return);
        QTRY_VERIFY(page.activeEditor() != nullptr);
        DecisionPathDialog* dialog = page.activeEditor();
        QCOMPARE(dialog->mode(), DecisionPathDialog::Mode::Edit);

        // Another console saves T3 in the meantime.
        DecisionPath theirs = p1;
        theirs.tier = SeverityTier::T3;
        QVERIFY(ws.app().catalogue().update(ws.admin(), theirs).has_value());

        // This console changes the same field to T1 and saves: refused, reload offered.
        auto* tier = child<QComboBox>(dialog, "tierCombo");
        tier->setCurrentIndex(tier->findData(static_cast<int>(SeverityTier::T1)));
        ui.choiceAnswers.enqueue(0); // "Reload stored version"
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);

        QCOMPARE(ui.choices.size(), 1);
        QCOMPARE(ui.choices.constFirst(),
                 (QStringList{QStringLiteral("Reload stored version"), QStringLiteral("Keep editing")}));
        QVERIFY2(ui.choiceMessages.constFirst().contains(QStringLiteral("changed by someone else")),
                 qPrintable(ui.choiceMessages.constFirst()));
        QVERIFY(ui.choiceMessages.constFirst().contains(QStringLiteral("tier")));
        QVERIFY(dialog->isVisible());
        QCOMPARE(tier->currentText(), QStringLiteral("T3 — critical"));
        QCOMPARE(dialog->originalPath().version, p1.version + 1);
        QVERIFY(dialog->notice().contains(QStringLiteral("Reloaded version")));
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("p1"))->tier,
                 std::optional<SeverityTier>(SeverityTier::T3));

        // After the reload a save is a normal edit again.
        tier->setCurrentIndex(tier->findData(static_cast<int>(SeverityTier::T1)));
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(page.activeEditor() == nullptr);
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("p1"))->tier,
                 std::optional<SeverityTier>(SeverityTier::T1));
    }

    void staleEditOnOtherFieldsCanBeMerged()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const DecisionPath p1 = store(ws, DecisionPathBuilder(QStringLiteral("p1")).build());
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        QVERIFY(page.selectPath(QStringLiteral("p1")));
        page.editAction()->trigger();
        QTRY_VERIFY(page.activeEditor() != nullptr);
        DecisionPathDialog* dialog = page.activeEditor();

        DecisionPath theirs = p1;
        theirs.team = QStringLiteral("team-a");
        QVERIFY(ws.app().catalogue().update(ws.admin(), theirs).has_value());

        auto* name = child<QLineEdit>(dialog, "nameEdit");
        name->setText(QStringLiteral("Isolate endpoint (renamed)"));
        ui.choiceAnswers.enqueue(1); // "Merge my changes into it"
        dialog->save();
        QCOMPARE(ui.choices.constFirst().value(1), QStringLiteral("Merge my changes into it"));
        QVERIFY(dialog->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, "teamEdit")->text(), QStringLiteral("team-a"));
        QCOMPARE(name->text(), QStringLiteral("Isolate endpoint (renamed)"));
        dialog->save();
        QTRY_VERIFY(page.activeEditor() == nullptr);
        const auto stored = ws.app().catalogue().get(ws.admin(), QStringLiteral("p1"));
        QCOMPARE(stored->team, QStringLiteral("team-a"));
        QCOMPARE(stored->name, QStringLiteral("Isolate endpoint (renamed)"));
        QCOMPARE(stored->version, p1.version + 2);
    }

    void suspendAsksAReasonAndRetireConfirms()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        store(ws, DecisionPathBuilder(QStringLiteral("p1")).build(), true);
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        QVERIFY(page.selectPath(QStringLiteral("p1")));

        // Cancelled reason: nothing happens.
        page.suspendAction()->trigger();
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("p1"))->status, PathStatus::Active);

        ui.textAnswers.enqueue(QStringLiteral("model drift under investigation"));
        page.suspendAction()->trigger();
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("p1"))->status, PathStatus::Suspended);
        AuditQuery query;
        query.subject = QStringLiteral("path:p1");
        query.text = QStringLiteral("model drift under investigation");
        QCOMPARE(ws.app().ledger().events(query)->size(), 1);
        QCOMPARE(ws.app().ledger().events(query)->constFirst().type, QStringLiteral("path.suspended"));

        // Retire: reason, then a confirmation; "no" leaves it suspended.
        ui.textAnswers.enqueue(QStringLiteral("replaced by p2"));
        ui.confirmAnswers.enqueue(false);
        page.retireAction()->trigger();
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("p1"))->status, PathStatus::Suspended);
        QVERIFY(ui.questions.constLast().contains(QStringLiteral("Retiring is final")));

        ui.textAnswers.enqueue(QStringLiteral("replaced by p2"));
        ui.confirmAnswers.enqueue(true);
        page.retireAction()->trigger();
        QCOMPARE(ws.app().catalogue().get(ws.admin(), QStringLiteral("p1"))->status, PathStatus::Retired);
        QVERIFY(!page.editAction()->isEnabled());
        QVERIFY(!page.retireAction()->isEnabled());
        QVERIFY(ui.errors.isEmpty());
    }

    void searchIsLiteralAndCaseInsensitive_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("cyrillic") << QStringLiteral("Отчёт агента №1")
                                  << QStringList{QStringLiteral("p-cyrillic")};
        QTest::newRow("cyrillic lower case")
            << QStringLiteral("отчёт") << QStringList{QStringLiteral("p-cyrillic")};
        QTest::newRow("double quotes")
            << QStringLiteral("agent \"alpha\"") << QStringList{QStringLiteral("p-quote")};
        QTest::newRow("parentheses") << QStringLiteral("(test)") << QStringList{QStringLiteral("p-paren")};
        QTest::newRow("star is not a wildcard")
            << QStringLiteral("x*") << QStringList{QStringLiteral("p-star")};
        QTest::newRow("colon") << QStringLiteral("role:admin") << QStringList{QStringLiteral("p-colon")};
        QTest::newRow("dash") << QStringLiteral("a-b") << QStringList{QStringLiteral("p-dash")};
        QTest::newRow("NOT is text") << QStringLiteral("NOT") << QStringList{QStringLiteral("p-not")};
        QTest::newRow("regex dot") << QStringLiteral("a.c") << QStringList{};
        QTest::newRow("unmatched bracket") << QStringLiteral("[") << QStringList{};
        QTest::newRow("no match") << QStringLiteral("zzz-nothing") << QStringList{};
        QTest::newRow("upper case finds lower")
            << QStringLiteral("DASH") << QStringList{QStringLiteral("p-dash")};
    }

    void searchIsLiteralAndCaseInsensitive()
    {
        QFETCH(QString, search);
        QFETCH(QStringList, expected);
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const QList<QPair<const char*, QString>> names{{"p-cyrillic", QStringLiteral("Отчёт агента №1")},
                                                       {"p-quote", QStringLiteral("Ask agent \"alpha\"")},
                                                       {"p-paren", QStringLiteral("Sandbox (test) run")},
                                                       {"p-star", QStringLiteral("Rotate x* keys")},
                                                       {"p-colon", QStringLiteral("Grant role:admin")},
                                                       {"p-dash", QStringLiteral("Route a-b dash")},
                                                       {"p-not", QStringLiteral("NOT a drill")},
                                                       {"p-plain", QStringLiteral("Abc xyz")}};
        for (const auto& [id, name] : names)
            store(ws, DecisionPathBuilder(QString::fromLatin1(id)).name(name).build());

        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QCOMPARE(page.filterModel()->rowCount(), 8);
        QAbstractItemModelTester tester(page.filterModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        QTest::keyClick(page.tableView(), Qt::Key_F, Qt::ControlModifier);
        QLineEdit* edit = page.filterBar()->searchEdit();
        QTRY_VERIFY(edit->hasFocus());
        typeText(edit, search);
        QCOMPARE(edit->text(), search);
        QCOMPARE(shownIds(page), expected);
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("countLabel"))->text(),
                 QStringLiteral("Showing %1 of 8 decision paths").arg(expected.size()));

        edit->clear();
        QCOMPARE(page.filterModel()->rowCount(), 8);
    }

    void tierStatusOwnerAndOverdueFiltersCombine()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        ws.addOperator(QStringLiteral("owner-secops"), OperatorRole::Owner);
        const QDate today = ws.clock().now().date();
        store(ws,
              DecisionPathBuilder(QStringLiteral("a-t0"))
                  .tier(SeverityTier::T0)
                  .reviewDate(today.addDays(-3))
                  .build(),
              true);
        store(ws,
              DecisionPathBuilder(QStringLiteral("b-t2"))
                  .tier(SeverityTier::T2)
                  .owner(QStringLiteral("owner-secops"))
                  .build(),
              true);
        store(ws, DecisionPathBuilder(QStringLiteral("c-t2"))
                      .tier(SeverityTier::T2)
                      .reviewDate(today.addDays(-1))
                      .build());
        store(ws, DecisionPathBuilder(QStringLiteral("d-t3"))
                      .tier(SeverityTier::T3)
                      .reviewDate(today.addDays(30))
                      .build());

        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        auto* tier = child<QComboBox>(&page, "tierFilter");
        auto* status = child<QComboBox>(&page, "statusFilter");
        auto* owner = child<QComboBox>(&page, "ownerFilter");
        auto* overdue = child<QCheckBox>(&page, "overdueOnlyCheck");

        tier->setCurrentIndex(tier->findData(static_cast<int>(SeverityTier::T2)));
        QCOMPARE(shownIds(page), (QStringList{QStringLiteral("b-t2"), QStringLiteral("c-t2")}));
        status->setCurrentIndex(status->findData(static_cast<int>(PathStatus::Active)));
        QCOMPARE(shownIds(page), QStringList{QStringLiteral("b-t2")});
        tier->setCurrentIndex(0);
        QCOMPARE(shownIds(page), (QStringList{QStringLiteral("a-t0"), QStringLiteral("b-t2")}));
        QCOMPARE(owner->count(), 3); // all, admin, owner-secops
        owner->setCurrentIndex(owner->findData(QStringLiteral("admin")));
        QCOMPARE(shownIds(page), QStringList{QStringLiteral("a-t0")});
        owner->setCurrentIndex(0);
        status->setCurrentIndex(0);
        overdue->setChecked(true);
        QCOMPARE(shownIds(page), (QStringList{QStringLiteral("a-t0"), QStringLiteral("c-t2")}));

        // Overdue rows are marked in the table and in the detail panel.
        const int row = page.tableModel()->rowOf(QStringLiteral("c-t2"));
        const QModelIndex review = page.tableModel()->index(row, DecisionPathTableModel::ReviewDateColumn);
        QVERIFY(review.data().toString().contains(QStringLiteral("overdue")));
        QVERIFY(page.selectPath(QStringLiteral("c-t2")));
        QVERIFY(page.detailView()->toPlainText().contains(QStringLiteral("overdue by 1 day")));
    }

    void sortsByValueNeverByDisplayString()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        // Display strings would sort "T0 informational" < ... but labels alone would give
        // critical < high < informational < low; the value order is T0 < T1 < T2 < T3.
        store(ws, DecisionPathBuilder(QStringLiteral("p-low"))
                      .tier(SeverityTier::T1)
                      .reviewDate(QDate(2023, 10, 17))
                      .build());
        store(ws, DecisionPathBuilder(QStringLiteral("p-critical"))
                      .tier(SeverityTier::T3)
                      .reviewDate(QDate(2018, 9, 12))
                      .build());
        store(ws, DecisionPathBuilder(QStringLiteral("p-info"))
                      .tier(SeverityTier::T0)
                      .reviewDate(QDate(2018, 9, 18))
                      .build());
        store(ws, DecisionPathBuilder(QStringLiteral("p-high")).tier(SeverityTier::T2).build());

        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.refresh();
        QHeaderView* header = page.tableView()->horizontalHeader();

        page.tableView()->sortByColumn(DecisionPathTableModel::TierColumn, Qt::AscendingOrder);
        QCOMPARE(columnTexts(*page.filterModel(), DecisionPathTableModel::IdColumn),
                 (QStringList{QStringLiteral("p-info"), QStringLiteral("p-low"), QStringLiteral("p-high"),
                              QStringLiteral("p-critical")}));
        // Clicking the header again sorts descending, still by value.
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
                          QPoint(header->sectionViewportPosition(DecisionPathTableModel::TierColumn) + 5, 5));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(columnTexts(*page.filterModel(), DecisionPathTableModel::IdColumn),
                 (QStringList{QStringLiteral("p-critical"), QStringLiteral("p-high"), QStringLiteral("p-low"),
                              QStringLiteral("p-info")}));

        // Dates by date, unscheduled last.
        page.tableView()->sortByColumn(DecisionPathTableModel::ReviewDateColumn, Qt::AscendingOrder);
        QCOMPARE(columnTexts(*page.filterModel(), DecisionPathTableModel::IdColumn),
                 (QStringList{QStringLiteral("p-critical"), QStringLiteral("p-info"), QStringLiteral("p-low"),
                              QStringLiteral("p-high")}));
    }

    void detailPanelShowsEveryFieldWithFrameworkTitles()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        FrameworkMapping frameworks;
        frameworks.owaspAgentic = {QStringLiteral("ASI03")};
        frameworks.maestroLayers = {QStringLiteral("L6")};
        frameworks.nistAiRmf = {QStringLiteral("GOVERN 1.4")};
        frameworks.nistCsf = {QStringLiteral("PR.AA")};
        store(ws, DecisionPathBuilder(QStringLiteral("soc-disable-account"))
                      .name(QStringLiteral("Disable <b>account</b>"))
                      .frameworks(frameworks)
                      .build());
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();
        QCOMPARE(page.detailView()->pathId(), QString());
        QVERIFY(page.selectPath(QStringLiteral("soc-disable-account")));
        const QString text = page.detailView()->toPlainText();
        for (const QString& expected :
             {QStringLiteral("Disable <b>account</b>"), QStringLiteral("soc-disable-account"),
              QStringLiteral("spiffe://corp.example/agents/soc-disable-account"),
              QStringLiteral("endpoint.isolate"), QStringLiteral("edr:host/*"), QStringLiteral("T2 — high"),
              QStringLiteral("Security operations"), QStringLiteral("triage-agent 2.3"),
              QStringLiteral("ASI03 — Identity and privilege abuse"),
              QStringLiteral("L6 — Security and compliance"), QStringLiteral("GOVERN 1.4"),
              QStringLiteral("PR.AA — Identity management, authentication and access control"),
              QStringLiteral("0.80"), QStringLiteral("reversible"), QStringLiteral("production"),
              QStringLiteral("not scheduled")})
            QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" missing in:\n") + text));
    }

    void clickingTheCurrentButUnselectedRowShowsIt()
    {
        // Focusing the table makes row 0 current without selecting it; a click on that row
        // then changes only the selection. The detail panel and actions must follow it.
        TestWorkspace ws;
        store(ws, DecisionPathBuilder(QStringLiteral("alpha-path")).build());
        store(ws, DecisionPathBuilder(QStringLiteral("beta-path")).build());
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.resize(1200, 700);
        page.show();
        page.refresh();
        auto* table = page.findChild<QTableView*>();
        QVERIFY(table);
        table->selectionModel()->setCurrentIndex(table->model()->index(0, 0), QItemSelectionModel::NoUpdate);
        QVERIFY(!table->selectionModel()->hasSelection());
        QCOMPARE(page.detailView()->pathId(), QString());

        const QRect cell = table->visualRect(table->model()->index(0, 1));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(page.selectedPathId(), QStringLiteral("alpha-path"));
        QCOMPARE(page.detailView()->pathId(), QStringLiteral("alpha-path"));
    }

    void exportsAndImportsThroughTheInteraction()
    {
        TestWorkspace source;
        QVERIFY(source.isValid());
        store(source, DecisionPathBuilder(QStringLiteral("p1")).build(), true);
        store(source, DecisionPathBuilder(QStringLiteral("p2")).name(QStringLiteral("=1+2")).build());
        QTemporaryDir dir;
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(source), source.admin(), ui);
        page.refresh();

        const QString json = dir.filePath(QStringLiteral("paths.json"));
        ui.saveFileAnswers.enqueue(json);
        page.exportAction()->trigger();
        QVERIFY2(ui.errors.isEmpty(), qPrintable(ui.lastError()));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(array.size(), 2);
        file.close();

        const QString csv = dir.filePath(QStringLiteral("paths.csv"));
        ui.saveFileAnswers.enqueue(csv);
        page.exportAction()->trigger();
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QByteArray csvBytes = csvFile.readAll();
        QVERIFY2(csvBytes.contains("'=1+2"), csvBytes.constData());

        TestWorkspace target;
        QVERIFY(target.isValid());
        FakeUserInteraction ui2;
        CataloguePage targetPage(consoleServices(target), target.admin(), ui2);
        targetPage.refresh();
        ui2.openFileAnswers.enqueue(json);
        targetPage.importAction()->trigger();
        QVERIFY2(ui2.errors.isEmpty(), qPrintable(ui2.lastError()));
        QCOMPARE(ui2.infos.size(), 1);
        QCOMPARE(ui2.infos.constFirst().text, QStringLiteral("Imported 2 decision paths from paths.json."));
        QCOMPARE(targetPage.filterModel()->rowCount(), 2);
        QCOMPARE(target.app().catalogue().get(target.admin(), QStringLiteral("p1"))->status,
                 PathStatus::Active);

        // A second import of the same file is refused as a whole, with the service's words.
        ui2.openFileAnswers.enqueue(json);
        targetPage.importAction()->trigger();
        QCOMPARE(ui2.errors.size(), 1);
        QVERIFY2(ui2.lastError().contains(QStringLiteral("already exists")), qPrintable(ui2.lastError()));

        // An unknown extension is refused before reading.
        ui2.openFileAnswers.enqueue(dir.filePath(QStringLiteral("paths.txt")));
        targetPage.importAction()->trigger();
        QCOMPARE(ui2.lastError(), QStringLiteral("paths.txt: choose a .json or .csv file."));
    }

    void detailShowsAmplificationAndBlastRadius()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        const QString app = QStringLiteral("arn:aws:iam::111122223333:role/App");
        DecisionPath deployer =
            DecisionPathBuilder(QStringLiteral("deployer")).owner(QStringLiteral("admin")).build();
        deployer.runsAs = {app};
        deployer.actionTypes = {QStringLiteral("ec2.instance.launch")};
        deployer.targets = {QStringLiteral("*")};
        store(ws, deployer);
        store(ws, DecisionPathBuilder(QStringLiteral("no-identity")).build());
        FakeUserInteraction ui;
        CataloguePage page(consoleServices(ws), ws.admin(), ui);
        page.refresh();

        QVERIFY(page.selectPath(QStringLiteral("deployer")));
        QString text = page.detailView()->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Amplification\nnot computed: no graph imported")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Blast radius\nnot computed: no graph imported")));

        QFile f(qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") +
                QStringLiteral("/tests/data/graph/passrole-ec2.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto graph = AwsAuthorizationImporter(ws.clock().now()).import(f.readAll(), QStringLiteral("f.json"));
        QVERIFY(graph.has_value());
        QVERIFY(ws.app().graph().importGraph(ws.admin(), *graph, QStringLiteral("x")).has_value());
        page.refresh();
        QCOMPARE(page.selectedPathId(), QStringLiteral("deployer"));
        text = page.detailView()->toPlainText();
        // App can pass the Admin role (Tier Zero) to EC2: one identity beyond runs_as, one Tier
        // Zero node; iam:passrole and "*" lie outside the declared ec2 actions; target "*"
        // covers every resource.
        QVERIFY2(text.contains(
                     QStringLiteral("1 identities beyond runs_as · 1 Tier Zero · 2 permissions outside the "
                                    "declared actions · 0 resources outside the declared targets")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Tier Zero reached\narn:aws:iam::111122223333:role/Admin")));
        // From the path: App and Admin (2 roles), their 3 inline policies, 3 permissions
        // (ec2:runinstances on *, iam:passrole on Admin, * on *), 2 resources (*, Admin).
        QVERIFY2(text.contains(
                     QStringLiteral("Blast radius\n10 nodes reachable (3 permission, 3 policy, 2 resource, "
                                    "2 role), 1 of them Tier Zero")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Runs as\n") + app));

        QVERIFY(page.selectPath(QStringLiteral("no-identity")));
        QVERIFY(page.detailView()->toPlainText().contains(
            QStringLiteral("Amplification\nnot computed: the path declares no runs_as identity")));
    }
};

QTEST_MAIN(CataloguePageTest)
#include "CataloguePageTest.moc"
