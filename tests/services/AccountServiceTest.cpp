#include <QSqlQuery>
#include <QtTest>

#include "AccountService.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QStringList eventTypes(TestWorkspace& ws)
{
    QStringList out;
    const auto events = ws.app().ledger().events({});
    for (const auto& e : *events)
        out << e.type;
    return out;
}

const QString kPassword = QString::fromLatin1(TestWorkspace::kPassword);

} // namespace

class AccountServiceTest : public QObject
{
    Q_OBJECT
private slots:
    void firstAdminOnlyOnce()
    {
        TestWorkspace ws(false);
        QVERIFY(*ws.app().accounts().needsFirstAdmin());
        auto admin = ws.app().accounts().createFirstAdmin(QStringLiteral("root-admin"),
                                                          QStringLiteral("Root"), kPassword);
        QVERIFY(admin.has_value());
        QVERIFY(admin->hasRole(OperatorRole::Admin));
        QVERIFY(!*ws.app().accounts().needsFirstAdmin());
        auto second = ws.app().accounts().createFirstAdmin(QStringLiteral("intruder"), {}, kPassword);
        QVERIFY(!second.has_value());
        QCOMPARE(second.error().code, ErrorCode::Conflict);
        QCOMPARE(eventTypes(ws), QStringList{QStringLiteral("account.created")});
    }

    void passwordIsStoredAsScryptHashWithParameters()
    {
        TestWorkspace ws;
        QSqlQuery q(ws.app().database().connection());
        QVERIFY(
            q.exec(QStringLiteral("SELECT password_hash FROM operator_accounts WHERE username = 'admin'")) &&
            q.next());
        const QString stored = q.value(0).toString();
        QVERIFY2(stored.startsWith(QStringLiteral("$scrypt$ln=10,r=8,p=1$")), qPrintable(stored));
        QVERIFY(!stored.contains(kPassword));
    }

    void authenticateChecksPassword()
    {
        TestWorkspace ws;
        auto ok = ws.app().accounts().authenticate(QStringLiteral("admin"), kPassword);
        QVERIFY(ok.has_value());
        QCOMPARE(ok->username, QStringLiteral("admin"));
        QVERIFY(ok->hasRole(OperatorRole::Admin));

        auto wrong =
            ws.app().accounts().authenticate(QStringLiteral("admin"), QStringLiteral("wrong password!"));
        QVERIFY(!wrong.has_value());
        QCOMPARE(wrong.error().code, ErrorCode::AuthenticationFailed);
        auto unknown = ws.app().accounts().authenticate(QStringLiteral("ghost"), kPassword);
        QVERIFY(!unknown.has_value());
        QCOMPARE(unknown.error().code, ErrorCode::AuthenticationFailed);
        // Same message: the answer does not reveal which usernames exist.
        QCOMPARE(unknown.error().message, wrong.error().message);
        QVERIFY(eventTypes(ws).contains(QStringLiteral("operator.signed_in")));
        QCOMPARE(eventTypes(ws).count(QStringLiteral("operator.sign_in_failed")), 2);
    }

    void lockOutAfterRepeatedFailures()
    {
        TestWorkspace ws;
        auto& accounts = ws.app().accounts();
        for (int i = 1; i < AccountService::kMaxFailedAttempts; ++i) {
            auto r = accounts.authenticate(QStringLiteral("admin"), QStringLiteral("guess number %1").arg(i));
            QCOMPARE(r.error().code, ErrorCode::AuthenticationFailed);
        }
        auto fifth = accounts.authenticate(QStringLiteral("admin"), QStringLiteral("guess number five"));
        QCOMPARE(fifth.error().code, ErrorCode::AccountLocked);
        QVERIFY(fifth.error().message.contains(QStringLiteral("2026-03-10 09:15:00")));

        // A wrong password while locked gets the generic answer; the right one learns of the lock.
        QCOMPARE(
            accounts.authenticate(QStringLiteral("admin"), QStringLiteral("guess number six")).error().code,
            ErrorCode::AuthenticationFailed);
        // Even the right password is refused while locked.
        auto right = accounts.authenticate(QStringLiteral("admin"), kPassword);
        QVERIFY(!right.has_value());
        QCOMPARE(right.error().code, ErrorCode::AccountLocked);

        ws.clock().advanceSeconds(AccountService::kLockoutSeconds - 1);
        QCOMPARE(accounts.authenticate(QStringLiteral("admin"), kPassword).error().code,
                 ErrorCode::AccountLocked);
        ws.clock().advanceSeconds(2);
        QVERIFY(accounts.authenticate(QStringLiteral("admin"), kPassword).has_value());
        QCOMPARE(eventTypes(ws).count(QStringLiteral("account.locked")), 1);
    }

    void successResetsFailureCounter()
    {
        TestWorkspace ws;
        auto& accounts = ws.app().accounts();
        for (int round = 0; round < 3; ++round) {
            for (int i = 1; i < AccountService::kMaxFailedAttempts; ++i)
                QVERIFY(!accounts.authenticate(QStringLiteral("admin"), QStringLiteral("nope nope nope"))
                             .has_value());
            QVERIFY(accounts.authenticate(QStringLiteral("admin"), kPassword).has_value());
        }
    }

    void adminUnlocks()
    {
        TestWorkspace ws;
        ws.addOperator(QStringLiteral("alice"), OperatorRole::Analyst);
        for (int i = 0; i < AccountService::kMaxFailedAttempts; ++i)
            (void)ws.app().accounts().authenticate(QStringLiteral("alice"),
                                                   QStringLiteral("not her password"));
        QCOMPARE(ws.app().accounts().authenticate(QStringLiteral("alice"), kPassword).error().code,
                 ErrorCode::AccountLocked);
        const OperatorSession alice{QStringLiteral("alice"), OperatorRole::Analyst};
        QCOMPARE(ws.app().accounts().unlock(alice, QStringLiteral("alice")).error().code,
                 ErrorCode::PermissionDenied);
        QVERIFY(ws.app().accounts().unlock(ws.admin(), QStringLiteral("alice")).has_value());
        QVERIFY(ws.app().accounts().authenticate(QStringLiteral("alice"), kPassword).has_value());
    }

    void disabledAccountCannotSignIn()
    {
        TestWorkspace ws;
        ws.addOperator(QStringLiteral("bob"), OperatorRole::Owner);
        QVERIFY(ws.app().accounts().setDisabled(ws.admin(), QStringLiteral("bob"), true).has_value());
        auto r = ws.app().accounts().authenticate(QStringLiteral("bob"), kPassword);
        QCOMPARE(r.error().code, ErrorCode::AccountDisabled);
        // Without the password the account's state is not revealed.
        auto guess =
            ws.app().accounts().authenticate(QStringLiteral("bob"), QStringLiteral("just guessing here"));
        QCOMPARE(guess.error().code, ErrorCode::AuthenticationFailed);
        QCOMPARE(guess.error().message,
                 ws.app().accounts().authenticate(QStringLiteral("nobody"), kPassword).error().message);
        QVERIFY(ws.app().accounts().setDisabled(ws.admin(), QStringLiteral("bob"), false).has_value());
        QVERIFY(ws.app().accounts().authenticate(QStringLiteral("bob"), kPassword).has_value());
    }

    void onlyAdminsManageAccounts_data()
    {
        QTest::addColumn<int>("roles");
        QTest::newRow("analyst") << int(OperatorRole::Analyst);
        QTest::newRow("owner") << int(OperatorRole::Owner);
        QTest::newRow("manager") << int(OperatorRole::Manager);
        QTest::newRow("owner+analyst+manager")
            << int(OperatorRole::Owner | OperatorRole::Analyst | OperatorRole::Manager);
    }
    void onlyAdminsManageAccounts()
    {
        QFETCH(int, roles);
        TestWorkspace ws;
        ws.addOperator(QStringLiteral("target"), OperatorRole::Analyst);
        const OperatorSession actor{QStringLiteral("someone"), OperatorRoles::fromInt(roles)};
        auto& accounts = ws.app().accounts();
        QCOMPARE(accounts.createAccount(actor, QStringLiteral("new1"), {}, OperatorRole::Admin, kPassword)
                     .error()
                     .code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(accounts.setRoles(actor, QStringLiteral("target"), OperatorRole::Admin).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(accounts.setDisabled(actor, QStringLiteral("target"), true).error().code,
                 ErrorCode::PermissionDenied);
        QCOMPARE(accounts.find(QStringLiteral("target"))->roles, OperatorRoles(OperatorRole::Analyst));
    }

    void adminCannotLockThemselvesOut()
    {
        TestWorkspace ws;
        QCOMPARE(ws.app()
                     .accounts()
                     .setRoles(ws.admin(), QStringLiteral("admin"), OperatorRole::Analyst)
                     .error()
                     .code,
                 ErrorCode::Conflict);
        QCOMPARE(ws.app().accounts().setDisabled(ws.admin(), QStringLiteral("admin"), true).error().code,
                 ErrorCode::Conflict);
    }

    void rejectsBadUsernamesAndPasswords_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::newRow("upper case") << QStringLiteral("Alice") << kPassword;
        QTest::newRow("space") << QStringLiteral("al ice") << kPassword;
        QTest::newRow("empty") << QString() << kPassword;
        QTest::newRow("sql") << QStringLiteral("x'; DROP TABLE operator_accounts;--") << kPassword;
        QTest::newRow("too long") << QString(65, QLatin1Char('a')) << kPassword;
        QTest::newRow("short password") << QStringLiteral("carol") << QStringLiteral("elevenchars");
        QTest::newRow("huge password") << QStringLiteral("carol") << QString(1025, QLatin1Char('p'));
    }
    void rejectsBadUsernamesAndPasswords()
    {
        QFETCH(QString, username);
        QFETCH(QString, password);
        TestWorkspace ws;
        auto r = ws.app().accounts().createAccount(ws.admin(), username, {}, OperatorRole::Analyst, password);
        QVERIFY(!r.has_value());
        QCOMPARE(r.error().code, ErrorCode::InvalidInput);
        QCOMPARE(ws.app().accounts().list(ws.admin())->size(), 1);
    }

    void passwordChangeNeedsOldPasswordForSelf()
    {
        TestWorkspace ws;
        const OperatorSession dana = ws.addOperator(QStringLiteral("dana"), OperatorRole::Analyst);
        const QString next = QStringLiteral("a much better passphrase");
        QCOMPARE(ws.app()
                     .accounts()
                     .changePassword(dana, QStringLiteral("dana"), QStringLiteral("wrong old one"), next)
                     .error()
                     .code,
                 ErrorCode::AuthenticationFailed);
        QVERIFY(
            ws.app().accounts().changePassword(dana, QStringLiteral("dana"), kPassword, next).has_value());
        QVERIFY(ws.app().accounts().authenticate(QStringLiteral("dana"), next).has_value());
        QCOMPARE(ws.app().accounts().changePassword(dana, QStringLiteral("admin"), next, next).error().code,
                 ErrorCode::PermissionDenied);
    }

    void everyChangeIsLedgered()
    {
        TestWorkspace ws;
        ws.addOperator(QStringLiteral("erin"), OperatorRole::Analyst);
        QVERIFY(ws.app()
                    .accounts()
                    .setRoles(ws.admin(), QStringLiteral("erin"), OperatorRole::Analyst | OperatorRole::Owner)
                    .has_value());
        const auto events = *ws.app().ledger().events({});
        QCOMPARE(events.last().type, QStringLiteral("account.roles_changed"));
        QCOMPARE(events.last().actor, QStringLiteral("operator:admin"));
        QCOMPARE(events.last().subject, QStringLiteral("operator:erin"));
        QCOMPARE(events.last().payload.value(QStringLiteral("after")).toArray().size(), 2);
        QVERIFY(ws.app().ledger().verify()->intact());
    }
};

QTEST_GUILESS_MAIN(AccountServiceTest)
#include "AccountServiceTest.moc"
