#pragma once

#include <QList>
#include <QStringList>

namespace gatehouse {

/// One numbered schema change. Versions start at 1 and never change once released.
struct Migration
{
    int version;
    QString description;
    QStringList statements; ///< run in order inside one transaction
};

/// The ordered list of schema migrations of this build (documented in docs/storage.md).
class Migrations
{
public:
    static const QList<Migration>& all();
};

} // namespace gatehouse
