#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QDoubleSpinBox>
#include <QtTest>

#include "DecisionPathBuilder.h"
#include "DecisionPathDialog.h"
#include "SpiffeId.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using gatehouse::test::DecisionPathBuilder;

namespace {

const QDate kToday(2026, 3, 10);

template <typename T> T* field(QWidget& dialog, const char* name)
{
    auto* w = dialog.findChild<T*>(QString::fromLatin1(name));
    if (!w)
        qFatal("no field %s", name);
    return w;
}

QLabel* issue(QWidget& dialog, const char* field)
{
    return dialog.findChild<QLabel*>(QStringLiteral("issue_") + QString::fromLatin1(field));
}

} // namespace

class DecisionPathDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void newPathStartsWithUnsetTierAndDisabledSave()
    {
        DecisionPathDialog dialog(DecisionPathDialog::Mode::Create, DecisionPath{}, {QStringLiteral("admin")},
                                  kToday);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto* tier = field<QComboBox>(dialog, "tierCombo");
        QCOMPARE(tier->currentIndex(), 0);
        QCOMPARE(tier->currentText(), QStringLiteral("— choose —"));
        QCOMPARE(tier->count(), 5);
        QVERIFY(!dialog.path().tier.has_value());
        // Empty id and name are the only problems of an empty draft.
        QVERIFY(!dialog.saveButton()->isEnabled());
        QCOMPARE(issue(dialog, "id")->text(), QStringLiteral("An id is required."));
        QCOMPARE(issue(dialog, "name")->text(), QStringLiteral("A name is required."));
        QVERIFY(issue(dialog, "id")->isVisible());
        QVERIFY(!field<QLineEdit>(dialog, "idEdit")->isReadOnly());
        QVERIFY(!field<QCheckBox>(dialog, "reviewScheduledCheck")->isChecked());
        QVERIFY(!dialog.path().nextReviewDate.isValid());

        QTest::keyClicks(field<QLineEdit>(dialog, "idEdit"), QStringLiteral("helpdesk-reset-mfa"));
        QTest::keyClicks(field<QLineEdit>(dialog, "nameEdit"), QStringLiteral("Reset MFA factor"));
        QVERIFY(dialog.saveButton()->isEnabled());
        QVERIFY(!issue(dialog, "id")->isVisible());
        const QString note = dialog.findChild<QLabel*>(QStringLiteral("activationNote"))->text();
        QVERIFY2(note.contains(QStringLiteral("a severity tier")), qPrintable(note));
        QVERIFY2(note.contains(QStringLiteral("a framework mapping")), qPrintable(note));
    }

    void badSpiffeIdShowsInlineMessageAndKeepsSaveDisabled_data()
    {
        QTest::addColumn<QString>("workload");
        QTest::newRow("wrong scheme") << QStringLiteral("https://corp.example/agents/triage");
        QTest::newRow("upper-case scheme") << QStringLiteral("SPIFFE://corp.example/agents/triage");
        QTest::newRow("no path") << QStringLiteral("spiffe://corp.example");
        QTest::newRow("empty segment") << QStringLiteral("spiffe://corp.example/agents//triage");
        QTest::newRow("dot segment") << QStringLiteral("spiffe://corp.example/agents/../root");
        QTest::newRow("query") << QStringLiteral("spiffe://corp.example/agents/triage?x=1");
        QTest::newRow("port") << QStringLiteral("spiffe://corp.example:8443/agents/triage");
        QTest::newRow("trailing slash") << QStringLiteral("spiffe://corp.example/agents/");
    }

    void badSpiffeIdShowsInlineMessageAndKeepsSaveDisabled()
    {
        QFETCH(QString, workload);
        const DecisionPath valid = DecisionPathBuilder().build();
        DecisionPathDialog dialog(DecisionPathDialog::Mode::Create, valid, {QStringLiteral("admin")}, kToday);
        int saves = 0;
        dialog.setSaveHandler([&](const DecisionPath&) {
            ++saves;
            return true;
        });
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.saveButton()->isEnabled());

        auto* edit = field<QLineEdit>(dialog, "workloadEdit");
        edit->clear();
        QTest::keyClicks(edit, workload);
        QCOMPARE(edit->text(), workload);

        const auto expected = SpiffeId::parseWorkload(workload);
        QVERIFY(!expected.has_value());
        QLabel* message = issue(dialog, "workload_id");
        QVERIFY(message->isVisible());
        QCOMPARE(message->text(), expected.error().message);
        QVERIFY(!dialog.saveButton()->isEnabled());

        // Neither the button nor the keyboard saves while the field is wrong.
        QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
        QTest::keyClick(&dialog, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(saves, 0);
        QVERIFY(dialog.isVisible());

        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("spiffe://corp.example/agents/triage"));
        QVERIFY(!message->isVisible());
        QVERIFY(dialog.saveButton()->isEnabled());
    }

    void badFieldsShowMessagesUnderTheirFields()
    {
        DecisionPathDialog dialog(DecisionPathDialog::Mode::Create, DecisionPathBuilder().build(), {},
                                  kToday);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto* id = field<QLineEdit>(dialog, "idEdit");
        id->clear();
        QTest::keyClicks(id, QStringLiteral("Bad_ID"));
        QVERIFY(issue(dialog, "id")->isVisible());
        QVERIFY(issue(dialog, "id")->text().contains(QStringLiteral("is not a slug")));

        auto* actions = field<QPlainTextEdit>(dialog, "actionTypesEdit");
        actions->clear();
        gatehouse::test::typeLines(actions, {QStringLiteral("endpoint.isolate"), QStringLiteral("Isolate")});
        QCOMPARE(dialog.path().actionTypes,
                 (QStringList{QStringLiteral("endpoint.isolate"), QStringLiteral("Isolate")}));
        QCOMPARE(issue(dialog, "action_types")->text(),
                 QStringLiteral("\"Isolate\" is not a dotted action type (e.g. iam.role.assign)."));

        auto* rmf = field<QPlainTextEdit>(dialog, "nistAiRmfEdit");
        gatehouse::test::typeLines(rmf, {QStringLiteral("GOVERN 1.1"), QStringLiteral("PLAN 9")});
        QVERIFY(issue(dialog, "frameworks")->isVisible());
        QVERIFY(
            issue(dialog, "frameworks")->text().contains(QStringLiteral("\"PLAN 9\" is not a NIST AI RMF")));
        QCOMPARE(dialog.issues().size(), 3);
        QVERIFY(!dialog.saveButton()->isEnabled());
    }

    void editModeKeepsIdReadOnlyAndRoundTripsEveryField()
    {
        FrameworkMapping frameworks;
        frameworks.owaspAgentic = {QStringLiteral("ASI02"), QStringLiteral("ASI03")};
        frameworks.maestroLayers = {QStringLiteral("L4")};
        frameworks.nistAiRmf = {QStringLiteral("GOVERN 1.1"), QStringLiteral("MANAGE 4.1")};
        frameworks.nistCsf = {QStringLiteral("PR.AA"), QStringLiteral("RS.MI")};
        DecisionPath stored =
            DecisionPathBuilder(QStringLiteral("iam-assign-role"))
                .tier(SeverityTier::T3)
                .actions({QStringLiteral("iam.role.assign"), QStringLiteral("iam.role.revoke")})
                .targets({QStringLiteral("aws:iam::*:role/*"), QStringLiteral("okta:group/*")})
                .frameworks(frameworks)
                .reviewDate(QDate(2026, 6, 1))
                .build();
        stored.reversibility = Reversibility::HardToReverse;
        stored.confidenceThreshold = 0.95;
        stored.status = PathStatus::Active;
        stored.version = 7;

        DecisionPathDialog dialog(DecisionPathDialog::Mode::Edit, stored, {QStringLiteral("admin")}, kToday);
        QVERIFY(field<QLineEdit>(dialog, "idEdit")->isReadOnly());
        QCOMPARE(field<QComboBox>(dialog, "tierCombo")->currentText(), QStringLiteral("T3 — critical"));
        QCOMPARE(field<QComboBox>(dialog, "reversibilityCombo")->currentText(),
                 QStringLiteral("hard to reverse"));
        QCOMPARE(field<QDateEdit>(dialog, "reviewDateEdit")->date(), QDate(2026, 6, 1));
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("statusLabel"))->text(),
                 QStringLiteral("Status: active · version 7"));

        const DecisionPath round = dialog.path();
        QCOMPARE(round.id, stored.id);
        QCOMPARE(round.name, stored.name);
        QCOMPARE(round.description, stored.description);
        QCOMPARE(round.owner, stored.owner);
        QCOMPARE(round.team, stored.team);
        QCOMPARE(round.aiComponent, stored.aiComponent);
        QCOMPARE(round.workloadId, stored.workloadId);
        QCOMPARE(round.actionTypes, stored.actionTypes);
        QCOMPARE(round.targets, stored.targets);
        QCOMPARE(round.environment, stored.environment);
        QCOMPARE(round.tier, stored.tier);
        QCOMPARE(round.reversibility, stored.reversibility);
        QCOMPARE(round.confidenceThreshold, 0.95);
        QCOMPARE(round.frameworks.owaspAgentic, frameworks.owaspAgentic);
        QCOMPARE(round.frameworks.maestroLayers, frameworks.maestroLayers);
        QCOMPARE(round.frameworks.nistAiRmf, frameworks.nistAiRmf);
        QCOMPARE(round.frameworks.nistCsf, frameworks.nistCsf);
        QCOMPARE(round.nextReviewDate, QDate(2026, 6, 1));
        QCOMPARE(round.status, PathStatus::Active);
        QCOMPARE(round.version, 7);

        // "Not scheduled" clears the date.
        field<QCheckBox>(dialog, "reviewScheduledCheck")->setChecked(false);
        QVERIFY(!dialog.path().nextReviewDate.isValid());
        // Unchecking a framework removes it from the mapping.
        auto* csf = field<QListWidget>(dialog, "nistCsfList");
        for (int i = 0; i < csf->count(); ++i) {
            if (csf->item(i)->text().startsWith(QLatin1String("PR.AA"))) {
                QVERIFY(csf->item(i)->text().contains(QStringLiteral("Identity management")));
                csf->item(i)->setCheckState(Qt::Unchecked);
            }
        }
        QCOMPARE(dialog.path().frameworks.nistCsf, QStringList{QStringLiteral("RS.MI")});
    }

    void unchangedConfidenceKeepsItsPrecision()
    {
        // A threshold set through the CLI with more decimals than the spin box shows must not
        // be rewritten by an unrelated edit in the console.
        DecisionPath stored = DecisionPathBuilder().build();
        stored.confidenceThreshold = 0.8755;
        DecisionPathDialog dialog(DecisionPathDialog::Mode::Edit, stored, {QStringLiteral("admin")}, kToday);
        QCOMPARE(dialog.path().confidenceThreshold, 0.8755);
        auto* spin = dialog.findChild<QDoubleSpinBox*>(QStringLiteral("confidenceSpin"));
        QVERIFY(spin);
        spin->setValue(0.9);
        QCOMPARE(dialog.path().confidenceThreshold, 0.9);
    }

    void ctrlReturnSavesAndEscapeCancels()
    {
        DecisionPathDialog dialog(DecisionPathDialog::Mode::Create, DecisionPathBuilder().build(), {},
                                  kToday);
        QList<DecisionPath> saved;
        bool accept = false;
        dialog.setSaveHandler([&](const DecisionPath& p) {
            saved << p;
            return accept;
        });
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* name = field<QLineEdit>(dialog, "nameEdit");
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Renamed"));
        // Plain Return in a field does not save.
        QTest::keyClick(name, Qt::Key_Return);
        QCOMPARE(saved.size(), 0);

        // A refused save keeps the dialog open with the edits.
        QTest::keyClick(name, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.constFirst().name, QStringLiteral("Renamed"));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        // Ctrl+Return also works from a multi-line field.
        auto* targets = field<QPlainTextEdit>(dialog, "targetsEdit");
        targets->setFocus();
        accept = true;
        QTest::keyClick(targets, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(saved.size(), 2);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        DecisionPathDialog second(DecisionPathDialog::Mode::Create, DecisionPathBuilder().build(), {},
                                  kToday);
        second.setSaveHandler([&](const DecisionPath& p) {
            saved << p;
            return true;
        });
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QTest::keyClick(field<QLineEdit>(second, "nameEdit"), Qt::Key_Escape);
        QVERIFY(!second.isVisible());
        QCOMPARE(second.result(), int(QDialog::Rejected));
        QCOMPARE(saved.size(), 2);
    }

    void saveErrorIsShownVerbatimAndClearedOnReload()
    {
        DecisionPathDialog dialog(DecisionPathDialog::Mode::Edit, DecisionPathBuilder().build(), {}, kToday);
        const QString message =
            QStringLiteral("analyst1 may not change decision path \"x\": that needs its owner");
        dialog.showSaveError(message);
        QCOMPARE(dialog.saveError(), message);
        dialog.setPath(DecisionPathBuilder().name(QStringLiteral("Reloaded")).build());
        QCOMPARE(dialog.saveError(), QString());
        QCOMPARE(field<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("Reloaded"));
    }

    void ownerComboOffersCandidatesAndAcceptsTypedName()
    {
        DecisionPathDialog dialog(DecisionPathDialog::Mode::Create, DecisionPath{},
                                  {QStringLiteral("admin"), QStringLiteral("owner-secops")}, kToday);
        auto* owner = field<QComboBox>(dialog, "ownerCombo");
        QCOMPARE(owner->findText(QStringLiteral("owner-secops")), 1);
        owner->setCurrentIndex(1);
        QCOMPARE(dialog.path().owner, QStringLiteral("owner-secops"));
        owner->setEditText(QStringLiteral("Not A User"));
        QVERIFY(issue(dialog, "owner")->text().contains(QStringLiteral("is not a valid username")));
    }
};

QTEST_MAIN(DecisionPathDialogTest)
#include "DecisionPathDialogTest.moc"
