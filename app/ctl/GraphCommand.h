#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

struct GraphPathQuery;

/// `gatehousectl graph ...`: the permission graph through PermissionGraphService.
/// import (--aws F | --k8s F | --azure F, one importer each from GraphImporters), stats,
/// paths, blast, export (docs/cli.md). Exit 0 ok; 1 when `graph paths` finds no path;
/// 2 for usage errors and anything the services refuse.
class GraphCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("graph"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    QStringList formats(const QString& verb) const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int import(const QCommandLineParser& parser, CtlContext& context);
    int stats(CtlContext& context);
    int paths(const QCommandLineParser& parser, CtlContext& context);
    int blast(const QCommandLineParser& parser, CtlContext& context);
    int exportGraph(const QCommandLineParser& parser, CtlContext& context);
    int runPaths(const GraphPathQuery& query, CtlContext& context);
    /// Saved queries, zones and findings: queries, save-query, run-query, remove-query,
    /// export-queries, import-queries, zones, set-zone, remove-zone, findings.
    int library(const QString& verb, const QCommandLineParser& parser, const QString& name,
                CtlContext& context);
};

} // namespace gatehouse
