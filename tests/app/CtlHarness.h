#pragma once

#include <memory>

#include <QJsonDocument>
#include <QString>
#include <QStringList>

#include "Clock.h"
#include "FakePasswordSource.h"
#include "TestWorkspace.h"

namespace gatehouse::test {

/// What one in-process gatehousectl run produced.
struct CtlOutcome
{
    int code = -1;
    QString out;
    QString err;
};

/// Runs gatehousectl in-process (CtlRunner, the code main.cpp runs) against one workspace
/// folder, with the test's fake clock, cheap scrypt and a FakePasswordSource whose sign-in
/// password is TestWorkspace::kPassword.
class CtlHarness
{
public:
    /// Against the folder of \a workspace, sharing its fake clock.
    explicit CtlHarness(TestWorkspace& workspace);
    /// Against \a directory (which need not exist yet), with its own fake clock.
    explicit CtlHarness(const QString& directory);

    /// Runs with --workspace <dir> prepended.
    CtlOutcome run(const QStringList& args);
    /// Runs with --workspace <dir> --user \a user prepended.
    CtlOutcome runAs(const QString& user, const QStringList& args);
    /// Runs exactly \a args (no --workspace added).
    CtlOutcome runRaw(const QStringList& args);

    FakePasswordSource& passwords() { return m_passwords; }
    QString directory() const { return m_dir; }

    /// Absolute path of a fixture in tests/data (GATEHOUSE_SOURCE_DIR).
    static QString dataFile(const QString& name);
    /// Parses \a text as JSON; a failed QVERIFY-friendly null document when it is not.
    static QJsonDocument json(const QString& text);

private:
    QString m_dir;
    std::shared_ptr<const Clock> m_clock;
    FakePasswordSource m_passwords;
};

} // namespace gatehouse::test
