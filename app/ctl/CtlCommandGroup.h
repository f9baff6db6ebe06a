#pragma once

#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include "CtlVerb.h"

namespace gatehouse {

class CtlContext;

/// One command group of gatehousectl ("paths", "accounts", ...). A group declares its
/// verbs and runs one of them; all permission checks stay in the services it calls.
class CtlCommandGroup
{
public:
    virtual ~CtlCommandGroup() = default;

    virtual QString name() const = 0;
    virtual QString summary() const = 0;
    virtual QList<CtlVerb> verbs() const = 0;
    /// Values the global --format accepts for \a verb; most verbs print a table or JSON,
    /// a few write another format (`graph export --format dot|graphml`).
    virtual QStringList formats(const QString& verb) const
    {
        Q_UNUSED(verb);
        return {QStringLiteral("table"), QStringLiteral("json")};
    }

    /// Runs \a verb. \a parser has processed the global and the verb's options;
    /// \a arguments are the positional arguments after the verb (count already checked).
    /// Returns the process exit code (CtlContext::kExit*).
    virtual int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                    CtlContext& context) = 0;
};

} // namespace gatehouse
