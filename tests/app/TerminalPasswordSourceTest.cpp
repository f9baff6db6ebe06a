// TerminalPasswordSource: which environment variable serves which purpose. The prompt
// path (no variable, no terminal) is covered by CtlProcessTest, which runs gatehousectl
// without a controlling terminal; here a prompt could block on the developer's terminal.

#include <QtTest>

#include "TerminalPasswordSource.h"

using namespace gatehouse;

class TerminalPasswordSourceTest : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void signInAndFirstAdminUseGatehousePassword();
    void newAccountUsesGatehouseNewPassword();
    void emptyVariableIsAPasswordNotAPrompt();
};

void TerminalPasswordSourceTest::cleanup()
{
    qunsetenv(TerminalPasswordSource::kPasswordVariable);
    qunsetenv(TerminalPasswordSource::kNewPasswordVariable);
}

void TerminalPasswordSourceTest::signInAndFirstAdminUseGatehousePassword()
{
    qputenv(TerminalPasswordSource::kPasswordVariable, "sign-in secret é");
    qputenv(TerminalPasswordSource::kNewPasswordVariable, "new secret");
    TerminalPasswordSource source;
    for (auto purpose : {PasswordPurpose::SignIn, PasswordPurpose::FirstAdmin}) {
        auto password = source.password(purpose, QStringLiteral("admin"));
        QVERIFY(password);
        QCOMPARE(*password, QStringLiteral("sign-in secret é"));
    }
}

void TerminalPasswordSourceTest::newAccountUsesGatehouseNewPassword()
{
    qputenv(TerminalPasswordSource::kPasswordVariable, "sign-in secret");
    qputenv(TerminalPasswordSource::kNewPasswordVariable, "new secret");
    TerminalPasswordSource source;
    auto password = source.password(PasswordPurpose::NewAccount, QStringLiteral("analyst1"));
    QVERIFY(password);
    QCOMPARE(*password, QStringLiteral("new secret"));
}

void TerminalPasswordSourceTest::emptyVariableIsAPasswordNotAPrompt()
{
    qputenv(TerminalPasswordSource::kPasswordVariable, "");
    TerminalPasswordSource source;
    auto password = source.password(PasswordPurpose::SignIn, QStringLiteral("admin"));
    QVERIFY(password);
    QVERIFY(password->isEmpty()); // the service then refuses it; the CLI never hangs on a prompt
}

QTEST_GUILESS_MAIN(TerminalPasswordSourceTest)
#include "TerminalPasswordSourceTest.moc"
