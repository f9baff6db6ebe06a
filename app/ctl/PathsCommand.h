#pragma once

#include <QJsonObject>

#include "CtlCommandGroup.h"
#include "DecisionPath.h"
#include "Error.h"
#include "OperatorSession.h"

namespace gatehouse {

class Application;

/// `gatehousectl paths ...`: the decision-path catalogue through CatalogueService.
/// list, show, add, update, activate, suspend, retire, import, export.
class PathsCommand final : public CtlCommandGroup
{
public:
    /// Largest file `paths import` and `--from-json` read (CatalogueService's own limit).
    static constexpr qint64 kMaxImportBytes = 16 * 1024 * 1024;

    QString name() const override { return QStringLiteral("paths"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int list(const QCommandLineParser& parser, CtlContext& context);
    int show(const QString& id, CtlContext& context);
    int add(const QCommandLineParser& parser, CtlContext& context);
    int update(const QString& id, const QCommandLineParser& parser, CtlContext& context);
    int transition(const QString& verb, const QString& id, const QCommandLineParser& parser,
                   CtlContext& context);
    int importFile(const QString& file, const QCommandLineParser& parser, CtlContext& context);
    int exportPaths(const QCommandLineParser& parser, CtlContext& context);

    /// Prints the path after a change: one summary line, or its JSON form.
    int printChanged(const DecisionPath& path, const QString& what, CtlContext& context);
    /// Reads one path object from a --from-json file.
    /// One path object from \a file; its keys are laid over \a base (the stored path's JSON
    /// for an update), so keys it leaves out keep their values.
    [[nodiscard]] static Result<DecisionPath> readJsonPath(const QString& file, const QJsonObject& base = {});
};

} // namespace gatehouse
