#pragma once

#include <QStringList>

#include "DecisionPath.h"

namespace gatehouse {

/// Three-way merge of a stale edit: \a base is the version the editor started from,
/// \a mine the edit, \a theirs what is stored now. Fields only one side changed take
/// that side's value; a field both changed to different values is a conflict.
/// The result carries theirs' version, status and timestamps, so saving it is a
/// normal, non-stale update.
struct DecisionPathMerge
{
    DecisionPath merged;
    QStringList conflicts;   ///< snake_case names of fields both sides changed differently
    QStringList mineChanged; ///< fields taken from mine

    static DecisionPathMerge merge(const DecisionPath& base, const DecisionPath& mine,
                                   const DecisionPath& theirs);
};

} // namespace gatehouse
