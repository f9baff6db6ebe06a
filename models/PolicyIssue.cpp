#include "PolicyIssue.h"

namespace gatehouse {

QString PolicyIssue::toString() const
{
    QString where = location;
    if (!ruleId.isEmpty() && where.startsWith(QStringLiteral("rules["))) {
        const qsizetype close = where.indexOf(QLatin1Char(']'));
        where.insert(close + 1, QStringLiteral(" (\"%1\")").arg(ruleId));
    }
    QString out;
    if (line > 0)
        out += QStringLiteral("line %1: ").arg(line);
    out += isError() ? QStringLiteral("error: ") : QStringLiteral("warning: ");
    if (!where.isEmpty())
        out += where + QStringLiteral(": ");
    return out + message;
}

bool hasErrors(const QList<PolicyIssue>& issues)
{
    for (const auto& i : issues) {
        if (i.isError())
            return true;
    }
    return false;
}

} // namespace gatehouse
