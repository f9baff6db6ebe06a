#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

#include "AccountService.h"
#include "LoginDialog.h"
#include "ViewTestSupport.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

void typeCredentials(LoginDialog& dialog, const QString& user, const QString& password)
{
    auto* username = dialog.findChild<QLineEdit*>(QStringLiteral("usernameEdit"));
    auto* pass = dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
    username->clear();
    pass->clear();
    QTest::keyClicks(username, user);
    QTest::keyClicks(pass, password);
}

} // namespace

class LoginDialogTest : public QObject
{
    Q_OBJECT

private slots:
    void demoHintOnlyInADemoWorkspace()
    {
        TestWorkspace plain;
        QVERIFY(plain.isValid());
        LoginDialog plainDialog(plain.app().accounts(), plain.app().settings(), plain.directory());
        plainDialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plainDialog));
        QVERIFY(!plainDialog.isDemoHintShown());
        QVERIFY(!plainDialog.findChild<QLabel*>(QStringLiteral("demoHint"))->isVisible());
        QCOMPARE(plainDialog.demoHint(), QString());

        TestWorkspace demo;
        QVERIFY(demo.isValid());
        QVERIFY(demo.app().settings().setValue(QStringLiteral("demo"), QStringLiteral("1")).has_value());
        QVERIFY(demo.app().settings().isDemo());
        LoginDialog demoDialog(demo.app().accounts(), demo.app().settings(), demo.directory());
        demoDialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&demoDialog));
        QVERIFY(demoDialog.isDemoHintShown());
        QVERIFY(demoDialog.findChild<QLabel*>(QStringLiteral("demoHint"))->isVisible());
        QCOMPARE(demoDialog.demoHint(),
                 QStringLiteral("Demo workspace: every account's password is gatehouse-demo"));
    }

    void signsInWithTheRightPassword()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        LoginDialog dialog(ws.app().accounts(), ws.app().settings(), ws.directory());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* signIn = dialog.findChild<QPushButton*>(QStringLiteral("signInButton"));
        QVERIFY(!signIn->isEnabled());
        typeCredentials(dialog, QStringLiteral("admin"), QString::fromLatin1(TestWorkspace::kPassword));
        QVERIFY(signIn->isEnabled());
        QTest::keyClick(dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit")), Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(dialog.session().has_value());
        QCOMPARE(dialog.session()->username, QStringLiteral("admin"));
        QVERIFY(dialog.session()->hasRole(OperatorRole::Admin));
    }

    void showsTheServiceRefusalAndLockOut()
    {
        TestWorkspace ws;
        QVERIFY(ws.isValid());
        // The service's own wording for a wrong password (one failed attempt).
        const auto refused =
            ws.app().accounts().authenticate(QStringLiteral("admin"), QStringLiteral("wrong-password-1"));
        QVERIFY(!refused.has_value());

        LoginDialog dialog(ws.app().accounts(), ws.app().settings(), ws.directory());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* password = dialog.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        typeCredentials(dialog, QStringLiteral("admin"), QStringLiteral("wrong-password-2"));
        dialog.signIn();
        QCOMPARE(dialog.errorText(), refused.error().message);
        QVERIFY(dialog.isVisible());
        QVERIFY(password->text().isEmpty());
        QVERIFY(!dialog.session().has_value());

        // Attempts 3..5 lock the account; then even the right password is refused with the lock message.
        for (int i = 3; i <= AccountService::kMaxFailedAttempts; ++i) {
            QTest::keyClicks(password, QStringLiteral("wrong-password-%1").arg(i));
            dialog.signIn();
        }
        QTest::keyClicks(password, QString::fromLatin1(TestWorkspace::kPassword));
        dialog.signIn();
        QVERIFY2(dialog.errorText().contains(QStringLiteral("locked")), qPrintable(dialog.errorText()));
        QVERIFY(dialog.errorText().contains(QStringLiteral("admin")));
        QVERIFY(!dialog.session().has_value());
    }
};

QTEST_MAIN(LoginDialogTest)
#include "LoginDialogTest.moc"
