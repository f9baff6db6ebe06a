#pragma once

#include <memory>
#include <vector>

#include <QCommandLineOption>
#include <QStringList>
#include <QTextStream>

#include "Application.h"
#include "CtlCommandGroup.h"
#include "PasswordSource.h"

namespace gatehouse {

/// Entry point of gatehousectl: parses the global options and "<group> <verb>", then runs
/// the verb of the matching command group. main.cpp and the tests call the same run(),
/// so the tests exercise exactly what the executable does.
///
/// Global options (accepted before or after the command): --workspace DIR, --user NAME,
/// --log-level LEVEL (default warn), --format table|json, --help, --version.
/// Exit codes: 0 success, 1 a check failed, 2 bad usage/input or a refused operation.
class CtlRunner
{
public:
    /// \a baseConfig: clock, scrypt cost and logging switch for the opened workspace
    /// (tests pass a fake clock and cheap scrypt); folder and log level come from the options.
    explicit CtlRunner(ApplicationConfig baseConfig = {});
    ~CtlRunner();

    /// \a args are the command-line arguments without the program name.
    int run(const QStringList& args, QTextStream& out, QTextStream& err, PasswordSource& passwords);

    static QString version();

private:
    static QList<QCommandLineOption> globalOptions();
    /// The first two positional words (group, verb) of \a args, skipping option values.
    QStringList commandWords(const QStringList& args) const;
    CtlCommandGroup* group(const QString& name) const;
    void printTopHelp(QTextStream& out) const;
    void printGroupHelp(QTextStream& out, const CtlCommandGroup& group) const;
    void printVerbHelp(QTextStream& out, const CtlCommandGroup& group, const CtlVerb& verb) const;
    static QString optionsHelp(const QList<QCommandLineOption>& options);

    ApplicationConfig m_baseConfig;
    std::vector<std::unique_ptr<CtlCommandGroup>> m_groups;
};

} // namespace gatehouse
