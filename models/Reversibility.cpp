#include "Reversibility.h"

namespace gatehouse {

QString reversibilityName(Reversibility value)
{
    switch (value) {
    case Reversibility::Reversible:
        return QStringLiteral("reversible");
    case Reversibility::HardToReverse:
        return QStringLiteral("hard_to_reverse");
    case Reversibility::Irreversible:
        return QStringLiteral("irreversible");
    }
    return {};
}

QString reversibilityLabel(Reversibility value)
{
    return reversibilityName(value).replace(QLatin1Char('_'), QLatin1Char(' '));
}

std::optional<Reversibility> parseReversibility(const QString& text)
{
    const QString t = text.trimmed().toLower();
    for (auto r : {Reversibility::Reversible, Reversibility::HardToReverse, Reversibility::Irreversible}) {
        if (t == reversibilityName(r) || t == reversibilityLabel(r))
            return r;
    }
    return std::nullopt;
}

} // namespace gatehouse
