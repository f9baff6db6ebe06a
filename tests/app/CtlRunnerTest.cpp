// CtlRunner: global options, command dispatch, usage errors and exit codes.

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "CtlHarness.h"
#include "CtlRunner.h"

using namespace gatehouse;
using namespace gatehouse::test;

class CtlRunnerTest : public QObject
{
    Q_OBJECT

private slots:
    void versionPrintsNameAndVersion();
    void helpListsEveryCommand();
    void groupAndVerbHelp();
    void noArgumentsIsUsageError();
    void usageErrors_data();
    void usageErrors();
    void globalOptionsAnywhere();
    void missingUserIsRefused();
    void missingWorkspaceIsNotCreated();
    void wrongPasswordIsRefused();
    void noPasswordAvailableIsRefused();
    void hostileTextIsEscapedOnTheTerminal();
};

void CtlRunnerTest::versionPrintsNameAndVersion()
{
    CtlHarness ctl(QDir::tempPath());
    const auto r = ctl.runRaw({QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QStringLiteral("gatehousectl %1\n").arg(CtlRunner::version()));
    QVERIFY(r.err.isEmpty());
}

void CtlRunnerTest::helpListsEveryCommand()
{
    CtlHarness ctl(QDir::tempPath());
    const auto r = ctl.runRaw({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const char* command : {"workspace init",
                                "paths list",
                                "paths show ID",
                                "paths add",
                                "paths update ID",
                                "paths activate ID",
                                "paths suspend ID",
                                "paths retire ID",
                                "paths import FILE",
                                "paths export",
                                "accounts list",
                                "accounts add USER",
                                "accounts disable USER",
                                "accounts enable USER",
                                "accounts unlock USER",
                                "accounts set-roles USER",
                                "audit verify",
                                "audit list",
                                "demo seed",
                                "--workspace",
                                "--user",
                                "--log-level",
                                "--format"})
        QVERIFY2(r.out.contains(QLatin1String(command)), command);
}

void CtlRunnerTest::groupAndVerbHelp()
{
    CtlHarness ctl(QDir::tempPath());
    auto r = ctl.runRaw({QStringLiteral("paths"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QStringLiteral("suspend ID")));
    r = ctl.runRaw({QStringLiteral("paths"), QStringLiteral("add"), QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const char* option : {"--id", "--action-type", "--target", "--tier", "--owasp", "--maestro",
                               "--ai-rmf", "--csf", "--review-date", "--from-json", "--confidence-threshold"})
        QVERIFY2(r.out.contains(QLatin1String(option)), option);
    r = ctl.runRaw({QStringLiteral("paths")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QStringLiteral("Verbs:")));
}

void CtlRunnerTest::noArgumentsIsUsageError()
{
    CtlHarness ctl(QDir::tempPath());
    const auto r = ctl.runRaw({});
    QCOMPARE(r.code, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY(r.err.startsWith(QStringLiteral("Usage: gatehousectl")));
}

void CtlRunnerTest::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    auto s = [](const char* text) { return QString::fromLatin1(text); };
    QTest::newRow("unknown command") << QStringList{s("frobnicate")} << s("unknown command 'frobnicate'");
    QTest::newRow("unknown verb") << QStringList{s("paths"), s("frob")} << s("unknown verb 'frob'");
    QTest::newRow("unknown option") << QStringList{s("paths"), s("list"), s("--bogus")}
                                    << s("Unknown option");
    QTest::newRow("bad format") << QStringList{s("--format"), s("xml"), s("audit"), s("verify")}
                                << s("--format must be table or json");
    QTest::newRow("bad log level") << QStringList{s("--log-level"), s("loud"), s("audit"), s("verify")}
                                   << s("--log-level must be one of");
    QTest::newRow("missing argument") << QStringList{s("paths"), s("show")} << s("needs ID");
    QTest::newRow("extra argument") << QStringList{s("paths"), s("show"), s("a"), s("b")}
                                    << s("unexpected argument 'b'");
    QTest::newRow("option twice") << QStringList{s("--user"), s("a"),     s("--user"),
                                                 s("b"),      s("paths"), s("list")}
                                  << s("--user may be given only once");
    QTest::newRow("option value missing")
        << QStringList{s("paths"), s("list"), s("--user")} << s("Missing value");
    QTest::newRow("suspend without reason")
        << QStringList{s("--user"), s("admin"), s("paths"), s("suspend"), s("x")} << s("needs --reason");
}

void CtlRunnerTest::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    TestWorkspace ws;
    QVERIFY2(ws.isValid(), qPrintable(ws.openError()));
    CtlHarness ctl(ws);
    const auto r = ctl.run(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(ctl.passwords().asked.isEmpty()); // usage is checked before anyone is asked for a password
}

void CtlRunnerTest::globalOptionsAnywhere()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    CtlHarness ctl(ws);
    // Before the command, between group and verb, after the verb, and --opt=value form.
    auto r = ctl.runRaw({QStringLiteral("--workspace=") + ws.directory(), QStringLiteral("paths"),
                         QStringLiteral("--user"), QStringLiteral("admin"), QStringLiteral("list"),
                         QStringLiteral("--format=json")});
    QCOMPARE(r.code, 0);
    QVERIFY2(CtlHarness::json(r.out).isArray(), qPrintable(r.out));
}

void CtlRunnerTest::missingUserIsRefused()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    CtlHarness ctl(ws);
    const auto r = ctl.run({QStringLiteral("paths"), QStringLiteral("list")});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err, QStringLiteral(
                        "gatehousectl: 'paths list' needs --user NAME (the operator account to act as)\n"));
    QVERIFY(ctl.passwords().asked.isEmpty());
}

void CtlRunnerTest::missingWorkspaceIsNotCreated()
{
    QTemporaryDir tmp;
    const QString dir = tmp.filePath(QStringLiteral("typo"));
    CtlHarness ctl(dir);
    for (const QStringList& args : {QStringList{QStringLiteral("audit"), QStringLiteral("verify")},
                                    QStringList{QStringLiteral("--user"), QStringLiteral("admin"),
                                                QStringLiteral("paths"), QStringLiteral("list")}}) {
        const auto r = ctl.run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("gatehousectl: no workspace at ")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir));
    }
}

void CtlRunnerTest::wrongPasswordIsRefused()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    CtlHarness ctl(ws);
    ctl.passwords().signInPassword = QStringLiteral("not the password at all");
    auto wrong = ctl.runAs(QStringLiteral("admin"), {QStringLiteral("paths"), QStringLiteral("list")});
    QCOMPARE(wrong.code, 2);
    QVERIFY(wrong.out.isEmpty());
    auto unknown = ctl.runAs(QStringLiteral("nobody"), {QStringLiteral("paths"), QStringLiteral("list")});
    QCOMPARE(unknown.code, 2);
    // Same message for an unknown user and a wrong password: no account enumeration.
    QCOMPARE(wrong.err, unknown.err);
    QVERIFY(wrong.err.startsWith(QStringLiteral("gatehousectl: ")));
    QCOMPARE(ctl.passwords().asked,
             (QList<PasswordPurpose>{PasswordPurpose::SignIn, PasswordPurpose::SignIn}));
}

void CtlRunnerTest::noPasswordAvailableIsRefused()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    CtlHarness ctl(ws);
    ctl.passwords().unavailable = true;
    const auto r = ctl.runAs(QStringLiteral("admin"), {QStringLiteral("paths"), QStringLiteral("list")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QStringLiteral("no terminal")));
}

void CtlRunnerTest::hostileTextIsEscapedOnTheTerminal()
{
    TestWorkspace ws;
    QVERIFY(ws.isValid());
    CtlHarness ctl(ws);
    // An escape sequence in an argument that is echoed back in an error message.
    const auto r = ctl.run({QStringLiteral("paths\x1b[2Jx")});
    QCOMPARE(r.code, 2);
    QVERIFY(!r.err.contains(QChar(0x1b)));
    QVERIFY(r.err.contains(QStringLiteral("\\u001b[2Jx")));
}

QTEST_GUILESS_MAIN(CtlRunnerTest)
#include "CtlRunnerTest.moc"
