#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include "Error.h"
#include "PermissionGraphTypes.h"

namespace gatehouse {

/// Shape of every permission-graph importer: file bytes and the name they were read under
/// in, an ImportedGraph (or an InvalidInput error naming file and location) out. \a now
/// decides time conditions. Storing is format-agnostic (PermissionGraphService::importGraph).
using GraphImportFunction = Result<ImportedGraph> (*)(const QByteArray& data, const QString& sourceName,
                                                      const QDateTime& now);

struct GraphImporterEntry
{
    GraphSourceKind kind;
    const char* option;           ///< gatehousectl graph import option: "aws", "k8s", "azure"
    GraphImportFunction function; ///< null until that importer is built in
    qint64 maxBytes;              ///< largest file the CLI reads for it
};

/// The importers this build knows, one line each (GraphImporters.cpp).
class GraphImporters
{
public:
    static const QList<GraphImporterEntry>& all();
    /// The entry for \a option ("aws", "k8s", "azure"), or nullptr.
    static const GraphImporterEntry* byOption(const QString& option);
};

} // namespace gatehouse
