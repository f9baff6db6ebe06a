#include "AzureScope.h"

#include <QStringList>

namespace gatehouse {

namespace {

QStringList segments(const QString& scope)
{
    return AzureScope::normalise(scope).split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

bool is(const QString& a, const char* b)
{
    return a.compare(QLatin1String(b), Qt::CaseInsensitive) == 0;
}

} // namespace

QString AzureScope::normalise(const QString& scope)
{
    QString s = scope.trimmed();
    while (s.size() > 1 && s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}

AzureScope::Level AzureScope::level(const QString& scope)
{
    const QString s = normalise(scope);
    if (s == QLatin1String("/"))
        return Level::Root;
    if (!s.startsWith(QLatin1Char('/')))
        return Level::Unknown;
    const QStringList p = segments(s);
    if (p.size() == 4 && is(p[0], "providers") && is(p[1], "Microsoft.Management") &&
        is(p[2], "managementGroups"))
        return Level::ManagementGroup;
    if (p.size() < 2 || !is(p[0], "subscriptions"))
        return Level::Unknown;
    if (p.size() == 2)
        return Level::Subscription;
    if (p.size() == 4 && is(p[2], "resourceGroups"))
        return Level::ResourceGroup;
    if (p.size() >= 5 && (is(p[2], "providers") || (is(p[2], "resourceGroups") && is(p[4], "providers"))))
        return Level::Resource;
    return Level::Unknown;
}

QString AzureScope::levelName(Level level)
{
    switch (level) {
    case Level::Root:
        return QStringLiteral("root");
    case Level::ManagementGroup:
        return QStringLiteral("management_group");
    case Level::Subscription:
        return QStringLiteral("subscription");
    case Level::ResourceGroup:
        return QStringLiteral("resource_group");
    case Level::Resource:
        return QStringLiteral("resource");
    case Level::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString AzureScope::name(const QString& scope)
{
    const QStringList p = segments(scope);
    switch (level(scope)) {
    case Level::Root:
        return QStringLiteral("/");
    case Level::ManagementGroup:
        return p[3];
    case Level::Subscription:
        return p[1];
    case Level::ResourceGroup:
        return p[3];
    default:
        return p.isEmpty() ? QString() : p.last();
    }
}

QString AzureScope::structuralParent(const QString& scope)
{
    const QStringList p = segments(scope);
    switch (level(scope)) {
    case Level::ResourceGroup:
        return QStringLiteral("/subscriptions/") + p[1];
    case Level::Resource:
        if (is(p[2], "resourceGroups"))
            return QStringLiteral("/subscriptions/%1/resourceGroups/%2").arg(p[1], p[3]);
        return QStringLiteral("/subscriptions/") + p[1];
    default:
        return {};
    }
}

QString AzureScope::managementGroupScope(const QString& id)
{
    return QStringLiteral("/providers/Microsoft.Management/managementGroups/") + id;
}

} // namespace gatehouse
