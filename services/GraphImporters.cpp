#include "GraphImporters.h"

#include "AwsAuthorizationImporter.h"
#include "AzureExportReader.h"
#include "AzureRoleImporter.h"
#include "KubernetesManifestReader.h"
#include "KubernetesRbacImporter.h"

namespace gatehouse {

const QList<GraphImporterEntry>& GraphImporters::all()
{
    static const QList<GraphImporterEntry> kEntries = {
        {GraphSourceKind::Aws, "aws", &AwsAuthorizationImporter::importData,
         AwsAuthorizationImporter::kMaxBytes},
        // Kubernetes RBAC and Azure roles decide no time conditions: `now` is not needed.
        {GraphSourceKind::Kubernetes, "k8s",
         [](const QByteArray& data, const QString& name, const QDateTime&) {
             return KubernetesRbacImporter::import(data, name);
         },
         KubernetesManifestReader::kMaxFileBytes},
        {GraphSourceKind::Azure, "azure",
         [](const QByteArray& data, const QString& name, const QDateTime&) {
             return AzureRoleImporter::import(data, name);
         },
         AzureExportReader::kMaxFileBytes},
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
