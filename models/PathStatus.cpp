#include "PathStatus.h"

namespace gatehouse {

QString pathStatusName(PathStatus status)
{
    switch (status) {
    case PathStatus::Draft:
        return QStringLiteral("draft");
    case PathStatus::Active:
        return QStringLiteral("active");
    case PathStatus::Suspended:
        return QStringLiteral("suspended");
    case PathStatus::Retired:
        return QStringLiteral("retired");
    }
    return {};
}

std::optional<PathStatus> parsePathStatus(const QString& text)
{
    for (auto s : {PathStatus::Draft, PathStatus::Active, PathStatus::Suspended, PathStatus::Retired}) {
        if (text.trimmed().compare(pathStatusName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    return std::nullopt;
}

} // namespace gatehouse
