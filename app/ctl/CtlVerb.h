#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

/// Description of one gatehousectl verb ("paths suspend"): what it takes and how it is
/// explained in --help. The runner builds the option parser and the help text from it.
struct CtlVerb
{
    QString name;         ///< "suspend"
    QString arguments;    ///< positional synopsis for help, e.g. "ID"
    int minArguments = 0; ///< positional arguments after the verb
    int maxArguments = 0;
    QString summary;                   ///< one line for the command list
    QList<QCommandLineOption> options; ///< the verb's own options (global ones are added by the runner)
    QStringList repeatable;            ///< names of options that may be given more than once
    QString details;                   ///< optional paragraph shown in the verb's --help
};

/// Option of a verb from Latin-1 literals (names and help text are ASCII); \a valueName null
/// for a flag.
inline QCommandLineOption option(const char* name, const char* description, const char* valueName = nullptr)
{
    return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(description),
                              valueName ? QString::fromLatin1(valueName) : QString());
}

} // namespace gatehouse
