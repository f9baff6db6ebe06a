#pragma once

#include "DecisionPath.h"

namespace gatehouse::test {

/// Builds a decision path that is ready for activation unless a field is cleared.
class DecisionPathBuilder
{
public:
    explicit DecisionPathBuilder(const QString& id = QStringLiteral("soc-isolate-endpoint"));

    DecisionPathBuilder& name(const QString& v)
    {
        m_p.name = v;
        return *this;
    }
    DecisionPathBuilder& owner(const QString& v)
    {
        m_p.owner = v;
        return *this;
    }
    DecisionPathBuilder& workload(const QString& v)
    {
        m_p.workloadId = v;
        return *this;
    }
    DecisionPathBuilder& tier(std::optional<SeverityTier> v)
    {
        m_p.tier = v;
        return *this;
    }
    DecisionPathBuilder& actions(const QStringList& v)
    {
        m_p.actionTypes = v;
        return *this;
    }
    DecisionPathBuilder& targets(const QStringList& v)
    {
        m_p.targets = v;
        return *this;
    }
    DecisionPathBuilder& frameworks(const FrameworkMapping& v)
    {
        m_p.frameworks = v;
        return *this;
    }
    DecisionPathBuilder& noFrameworks()
    {
        m_p.frameworks = {};
        return *this;
    }
    DecisionPathBuilder& reviewDate(const QDate& v)
    {
        m_p.nextReviewDate = v;
        return *this;
    }
    DecisionPathBuilder& team(const QString& v)
    {
        m_p.team = v;
        return *this;
    }
    DecisionPath build() const { return m_p; }

private:
    DecisionPath m_p;
};

} // namespace gatehouse::test
