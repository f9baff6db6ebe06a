#include "DecisionPathMerge.h"

namespace gatehouse {

namespace {

template <typename T>
void mergeField(const char* name, const T& base, const T& mine, const T& theirs, T& out,
                DecisionPathMerge& result)
{
    if (mine == base)
        return; // untouched here: keep what is stored
    if (theirs != base && theirs != mine) {
        result.conflicts << QString::fromLatin1(name);
        return; // keep theirs; the user decides again in the editor
    }
    out = mine;
    result.mineChanged << QString::fromLatin1(name);
}

} // namespace

DecisionPathMerge DecisionPathMerge::merge(const DecisionPath& base, const DecisionPath& mine,
                                           const DecisionPath& theirs)
{
    DecisionPathMerge r;
    r.merged = theirs;
    DecisionPath& m = r.merged;
    mergeField("name", base.name, mine.name, theirs.name, m.name, r);
    mergeField("description", base.description, mine.description, theirs.description, m.description, r);
    mergeField("owner", base.owner, mine.owner, theirs.owner, m.owner, r);
    mergeField("team", base.team, mine.team, theirs.team, m.team, r);
    mergeField("ai_component", base.aiComponent, mine.aiComponent, theirs.aiComponent, m.aiComponent, r);
    mergeField("workload_id", base.workloadId, mine.workloadId, theirs.workloadId, m.workloadId, r);
    mergeField("action_types", base.actionTypes, mine.actionTypes, theirs.actionTypes, m.actionTypes, r);
    mergeField("targets", base.targets, mine.targets, theirs.targets, m.targets, r);
    mergeField("runs_as", base.runsAs, mine.runsAs, theirs.runsAs, m.runsAs, r);
    mergeField("environment", base.environment, mine.environment, theirs.environment, m.environment, r);
    mergeField("tier", base.tier, mine.tier, theirs.tier, m.tier, r);
    mergeField("reversibility", base.reversibility, mine.reversibility, theirs.reversibility, m.reversibility,
               r);
    mergeField("confidence_threshold", base.confidenceThreshold, mine.confidenceThreshold,
               theirs.confidenceThreshold, m.confidenceThreshold, r);
    mergeField("frameworks", base.frameworks, mine.frameworks, theirs.frameworks, m.frameworks, r);
    mergeField("next_review_date", base.nextReviewDate, mine.nextReviewDate, theirs.nextReviewDate,
               m.nextReviewDate, r);
    return r;
}

} // namespace gatehouse
