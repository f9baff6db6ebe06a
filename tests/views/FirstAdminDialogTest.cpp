#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

#include "FirstAdminDialog.h"
#include "PasswordHasher.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

class FirstAdminDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void createsTheFirstAdminAfterInlineChecks()
    {
        TestWorkspace ws(false);
        QVERIFY2(ws.isValid(), qPrintable(ws.openError()));
        QCOMPARE(ws.app().accounts().needsFirstAdmin().value(), true);

        FirstAdminDialog dialog(ws.app().accounts());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* username = dialog.findChild<QLineEdit*>(QStringLiteral("usernameEdit"));
        auto* display = dialog.findChild<QLineEdit*>(QStringLiteral("displayNameEdit"));
        auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        auto* repeat = dialog.findChild<QLineEdit*>(QStringLiteral("repeatEdit"));
        auto* passwordIssue = dialog.findChild<QLabel*>(QStringLiteral("passwordIssue"));
        auto* repeatIssue = dialog.findChild<QLabel*>(QStringLiteral("repeatIssue"));
        auto* usernameIssue = dialog.findChild<QLabel*>(QStringLiteral("usernameIssue"));
        QVERIFY(!dialog.createButton()->isEnabled());

        username->clear();
        QTest::keyClicks(username, QStringLiteral("Root Admin"));
        QVERIFY(usernameIssue->isVisible());
        username->clear();
        QTest::keyClicks(username, QStringLiteral("ops-admin"));
        QVERIFY(!usernameIssue->isVisible());
        QTest::keyClicks(display, QStringLiteral("Operations admin"));

        QTest::keyClicks(password, QStringLiteral("short"));
        QVERIFY(passwordIssue->isVisible());
        QCOMPARE(passwordIssue->text(),
                 PasswordHasher::checkPasswordPolicy(QStringLiteral("short")).error().message);
        QVERIFY(!dialog.createButton()->isEnabled());

        QTest::keyClicks(password, QStringLiteral(" enough and long"));
        QVERIFY(!passwordIssue->isVisible());
        QTest::keyClicks(repeat, QStringLiteral("short enough and lon"));
        QCOMPARE(repeatIssue->text(), QStringLiteral("The passwords differ."));
        QVERIFY(!dialog.createButton()->isEnabled());
        QTest::keyClicks(repeat, QStringLiteral("g"));
        QVERIFY(!repeatIssue->isVisible());
        QVERIFY(dialog.createButton()->isEnabled());

        QTest::mouseClick(dialog.createButton(), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.createdUsername(), QStringLiteral("ops-admin"));
        const auto account = ws.app().accounts().find(QStringLiteral("ops-admin"));
        QVERIFY(account.has_value());
        QCOMPARE(account->displayName, QStringLiteral("Operations admin"));
        QVERIFY(account->hasRole(OperatorRole::Admin));
        QVERIFY(ws.app()
                    .accounts()
                    .authenticate(QStringLiteral("ops-admin"), QStringLiteral("short enough and long"))
                    .has_value());
        QCOMPARE(ws.app().accounts().needsFirstAdmin().value(), false);
    }

    void refusalFromTheServiceIsShown()
    {
        TestWorkspace ws; // already has an admin: createFirstAdmin must refuse
        QVERIFY(ws.isValid());
        FirstAdminDialog dialog(ws.app().accounts());
        dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"))
            ->setText(QStringLiteral("long enough password"));
        dialog.findChild<QLineEdit*>(QStringLiteral("repeatEdit"))
            ->setText(QStringLiteral("long enough password"));
        QVERIFY(dialog.createButton()->isEnabled());
        dialog.create();
        QVERIFY(dialog.result() != int(QDialog::Accepted));
        const auto expected = ws.app().accounts().createFirstAdmin(
            QStringLiteral("admin"), QStringLiteral("admin"), QStringLiteral("long enough password"));
        QVERIFY(!expected.has_value());
        QCOMPARE(dialog.errorText(), expected.error().message);
    }
};

QTEST_MAIN(FirstAdminDialogTest)
#include "FirstAdminDialogTest.moc"
