// gatehousectl accounts: admin-only account management, lock-out and disabling, all
// decided by AccountService and reported with exit 2.

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include "AccountService.h"
#include "CtlHarness.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {
QString s(const char* text)
{
    return QString::fromUtf8(text);
}
} // namespace

class AccountsCommandTest : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void addListAndSignInAsNewAccount();
    void addNeedsKnownRoles_data();
    void addNeedsKnownRoles();
    void addRefusesWeakPassword();
    void onlyAdminsManageAccounts();
    void disableAndEnable();
    void setRoles();
    void adminCannotDemoteThemselves();
    void lockOutAndUnlock();
    void setOwnPassword();

private:
    std::unique_ptr<TestWorkspace> m_ws;
    std::unique_ptr<CtlHarness> m_ctl;
};

void AccountsCommandTest::init()
{
    m_ws = std::make_unique<TestWorkspace>();
    QVERIFY2(m_ws->isValid(), qPrintable(m_ws->openError()));
    m_ctl = std::make_unique<CtlHarness>(*m_ws);
}

void AccountsCommandTest::cleanup()
{
    m_ctl.reset();
    m_ws.reset();
}

void AccountsCommandTest::addListAndSignInAsNewAccount()
{
    auto r = m_ctl->runAs(s("admin"), {s("accounts"), s("add"), s("analyst1"), s("--role"), s("analyst"),
                                       s("--display-name"), s("Ana Lyst")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, s("created account analyst1 (roles analyst)\n"));
    QCOMPARE(m_ctl->passwords().asked,
             (QList<PasswordPurpose>{PasswordPurpose::SignIn, PasswordPurpose::NewAccount}));

    r = m_ctl->runAs(s("admin"), {s("accounts"), s("add"), s("lead"), s("--role"), s("owner,manager"),
                                  s("--role"), s("analyst"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(CtlHarness::json(r.out).object().value(s("roles")).toArray(),
             (QJsonArray{s("analyst"), s("owner"), s("manager")}));

    r = m_ctl->runAs(s("admin"), {s("accounts"), s("list"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    const QJsonArray accounts = CtlHarness::json(r.out).array();
    QCOMPARE(accounts.size(), 3);
    QJsonObject analyst;
    for (const auto& a : accounts) {
        if (a.toObject().value(s("username")).toString() == s("analyst1"))
            analyst = a.toObject();
    }
    QCOMPARE(analyst.value(s("display_name")).toString(), s("Ana Lyst"));
    QCOMPARE(analyst.value(s("roles")).toArray(), QJsonArray{s("analyst")});
    QCOMPARE(analyst.value(s("disabled")).toBool(), false);
    QVERIFY(analyst.value(s("locked_until")).isNull());
    QVERIFY(!analyst.value(s("created_at")).toString().isEmpty());

    r = m_ctl->runAs(s("admin"), {s("accounts"), s("list")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(s("USERNAME")));
    QVERIFY(r.out.contains(s("Ana Lyst")));

    // The new account signs in with its own password.
    m_ctl->passwords().signInPassword = m_ctl->passwords().newPassword;
    r = m_ctl->runAs(s("analyst1"), {s("paths"), s("list")});
    QCOMPARE(r.code, 0);
}

void AccountsCommandTest::addNeedsKnownRoles_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::newRow("none") << QStringList{};
    QTest::newRow("unknown") << QStringList{s("--role"), s("superuser")};
    QTest::newRow("one unknown of two") << QStringList{s("--role"), s("analyst,root")};
}

void AccountsCommandTest::addNeedsKnownRoles()
{
    QFETCH(QStringList, roles);
    const auto r = m_ctl->runAs(s("admin"), QStringList{s("accounts"), s("add"), s("x1")} + roles);
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("--role")));
    QVERIFY(!m_ws->app().accounts().find(s("x1")));
}

void AccountsCommandTest::addRefusesWeakPassword()
{
    m_ctl->passwords().newPassword = s("short");
    const auto r = m_ctl->runAs(s("admin"), {s("accounts"), s("add"), s("x1"), s("--role"), s("analyst")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.startsWith(s("gatehousectl: ")));
    QVERIFY(!m_ws->app().accounts().find(s("x1")));
}

void AccountsCommandTest::onlyAdminsManageAccounts()
{
    m_ws->addOperator(s("manager1"), OperatorRole::Manager);
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    for (const QStringList& args :
         {QStringList{s("accounts"), s("add"), s("x1"), s("--role"), s("admin")},
          QStringList{s("accounts"), s("disable"), s("analyst1")},
          QStringList{s("accounts"), s("set-roles"), s("manager1"), s("--role"), s("admin")}}) {
        const auto r = m_ctl->runAs(s("manager1"), args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(s("manager1 may not manage operator accounts")), qPrintable(r.err));
    }
    QVERIFY(!m_ws->app().accounts().find(s("x1")));
    QCOMPARE(m_ws->app().accounts().find(s("manager1"))->roles, OperatorRoles(OperatorRole::Manager));
    QVERIFY(!m_ws->app().accounts().find(s("analyst1"))->disabled);
    // Managers read everything, including the account list; analysts do not manage accounts either.
    QCOMPARE(m_ctl->runAs(s("manager1"), {s("accounts"), s("list")}).code, 0);
    QCOMPARE(m_ctl->runAs(s("analyst1"), {s("accounts"), s("unlock"), s("manager1")}).code, 2);
}

void AccountsCommandTest::disableAndEnable()
{
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    QCOMPARE(m_ctl->runAs(s("admin"), {s("accounts"), s("disable"), s("analyst1")}).out,
             s("account analyst1 disabled\n"));
    auto r = m_ctl->runAs(s("analyst1"), {s("paths"), s("list")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(s("disabled")));
    r = m_ctl->runAs(s("admin"), {s("accounts"), s("enable"), s("analyst1"), s("--format"), s("json")});
    QCOMPARE(r.code, 0);
    QCOMPARE(CtlHarness::json(r.out).object().value(s("result")).toString(), s("enabled"));
    QCOMPARE(m_ctl->runAs(s("analyst1"), {s("paths"), s("list")}).code, 0);
    QCOMPARE(m_ctl->runAs(s("admin"), {s("accounts"), s("disable"), s("ghost")}).code, 2);
}

void AccountsCommandTest::setRoles()
{
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    const auto r = m_ctl->runAs(s("admin"), {s("accounts"), s("set-roles"), s("analyst1"), s("--role"),
                                             s("analyst"), s("--role"), s("owner")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, s("account analyst1 now has roles analyst, owner\n"));
    QCOMPARE(m_ws->app().accounts().find(s("analyst1"))->roles, OperatorRole::Analyst | OperatorRole::Owner);
}

void AccountsCommandTest::adminCannotDemoteThemselves()
{
    const auto r =
        m_ctl->runAs(s("admin"), {s("accounts"), s("set-roles"), s("admin"), s("--role"), s("analyst")});
    QCOMPARE(r.code, 2);
    QVERIFY(m_ws->app().accounts().find(s("admin"))->hasRole(OperatorRole::Admin));
    QCOMPARE(m_ctl->runAs(s("admin"), {s("accounts"), s("disable"), s("admin")}).code, 2);
}

void AccountsCommandTest::lockOutAndUnlock()
{
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    m_ctl->passwords().signInPassword = s("wrong wrong wrong");
    for (int i = 0; i < AccountService::kMaxFailedAttempts; ++i)
        QCOMPARE(m_ctl->runAs(s("analyst1"), {s("paths"), s("list")}).code, 2);
    m_ctl->passwords().signInPassword = QString::fromLatin1(TestWorkspace::kPassword);
    auto r = m_ctl->runAs(s("analyst1"), {s("paths"), s("list")});
    QCOMPARE(r.code, 2); // locked even with the right password
    QVERIFY2(r.err.contains(s("locked")), qPrintable(r.err));

    r = m_ctl->runAs(s("admin"), {s("accounts"), s("list")});
    QVERIFY(r.out.contains(s("locked until")));
    QCOMPARE(m_ctl->runAs(s("admin"), {s("accounts"), s("unlock"), s("analyst1")}).code, 0);
    QCOMPARE(m_ctl->runAs(s("analyst1"), {s("paths"), s("list")}).code, 0);
}

void AccountsCommandTest::setOwnPassword()
{
    m_ws->addOperator(s("analyst1"), OperatorRole::Analyst);
    auto r = m_ctl->runAs(s("analyst1"), {s("accounts"), s("set-password"), s("analyst1")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, s("password of analyst1 changed\n"));
    QCOMPARE(m_ctl->runAs(s("analyst1"), {s("paths"), s("list")}).code, 2); // old password no longer works
    m_ctl->passwords().signInPassword = m_ctl->passwords().newPassword;
    QCOMPARE(m_ctl->runAs(s("analyst1"), {s("paths"), s("list")}).code, 0);
    // ... but not someone else's.
    r = m_ctl->runAs(s("analyst1"), {s("accounts"), s("set-password"), s("admin")});
    QCOMPARE(r.code, 2);
}

QTEST_GUILESS_MAIN(AccountsCommandTest)
#include "AccountsCommandTest.moc"
