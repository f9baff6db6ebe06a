#pragma once

#include <QString>

namespace gatehouse {

/// Picks the singular or plural form of an English text and fills in \a n as %1.
/// (Qt's %n plurals need a compiled English translation, which the console does not ship.)
/// \a one and \a many are already translated (tr()) texts containing %1.
inline QString countText(qint64 n, const QString& one, const QString& many)
{
    return (n == 1 ? one : many).arg(n);
}

} // namespace gatehouse
