#include "CtlHarness.h"

#include <QDir>
#include <QTextStream>

#include "CtlRunner.h"

namespace gatehouse::test {

CtlHarness::CtlHarness(TestWorkspace& workspace)
    : m_dir(workspace.directory()),
      // Non-owning: the workspace outlives the harness in every test.
      m_clock(std::shared_ptr<const Clock>(std::shared_ptr<const Clock>{}, &workspace.clock()))
{
    m_passwords.signInPassword = QString::fromLatin1(TestWorkspace::kPassword);
}

CtlHarness::CtlHarness(const QString& directory) : m_dir(directory), m_clock(std::make_shared<FakeClock>())
{
    m_passwords.signInPassword = QString::fromLatin1(TestWorkspace::kPassword);
}

CtlOutcome CtlHarness::runRaw(const QStringList& args)
{
    ApplicationConfig config;
    config.clock = m_clock;
    config.scrypt = TestWorkspace::fastScrypt();
    config.initLogging = false;
    CtlRunner runner(config);

    CtlOutcome outcome;
    QTextStream out(&outcome.out);
    QTextStream err(&outcome.err);
    outcome.code = runner.run(args, out, err, m_passwords);
    out.flush();
    err.flush();
    return outcome;
}

CtlOutcome CtlHarness::run(const QStringList& args)
{
    return runRaw(QStringList{QStringLiteral("--workspace"), m_dir} + args);
}

CtlOutcome CtlHarness::runAs(const QString& user, const QStringList& args)
{
    return runRaw(QStringList{QStringLiteral("--workspace"), m_dir, QStringLiteral("--user"), user} + args);
}

QString CtlHarness::dataFile(const QString& name)
{
    return QDir(qEnvironmentVariable("GATEHOUSE_SOURCE_DIR")).filePath(QStringLiteral("tests/data/") + name);
}

QJsonDocument CtlHarness::json(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8());
}

} // namespace gatehouse::test
