#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QStringList>

#include "DecisionPath.h"
#include "Error.h"

namespace gatehouse {

/// The field options of `paths add` and `paths update` (--name, --tier, --action-type ...)
/// and how they are applied to a DecisionPath. Only syntax is checked here (a tier code,
/// a number, a date); every rule about the fields is the services' (DecisionPathValidator,
/// CatalogueService), so the CLI can neither add nor skip one.
///
/// An option given with an empty value clears that field (e.g. --review-date ""); a list
/// option given once with an empty value clears the list. List options are repeatable and
/// replace the whole list.
class PathFieldOptions
{
public:
    /// Field options, in help order (not --id, --from-json or --expect-version).
    static QList<QCommandLineOption> options();
    /// Names of the list options, which may be given more than once.
    static QStringList repeatable();
    /// True when at least one field option is on the command line.
    static bool anySet(const QCommandLineParser& parser);
    /// Writes every given field option into \a path. InvalidInput naming the option.
    [[nodiscard]] static Status apply(const QCommandLineParser& parser, DecisionPath& path);
};

} // namespace gatehouse
