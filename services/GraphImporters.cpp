#include "GraphImporters.h"

#include "AwsAuthorizationImporter.h"

namespace gatehouse {

const QList<GraphImporterEntry>& GraphImporters::all()
{
    static const QList<GraphImporterEntry> kEntries = {
        {GraphSourceKind::Aws, "aws", &AwsAuthorizationImporter::importData,
         AwsAuthorizationImporter::kMaxBytes},
        // The Kubernetes RBAC and Azure importers plug in here (function pointer and size cap).
        {GraphSourceKind::Kubernetes, "k8s", nullptr, 64 * 1024 * 1024},
        {GraphSourceKind::Azure, "azure", nullptr, 64 * 1024 * 1024},
    };
    return kEntries;
}

const GraphImporterEntry* GraphImporters::byOption(const QString& option)
{
    for (const auto& e : all())
        if (option == QLatin1String(e.option))
            return &e;
    return nullptr;
}

} // namespace gatehouse
