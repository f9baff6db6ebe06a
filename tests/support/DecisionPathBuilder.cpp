#include "DecisionPathBuilder.h"

namespace gatehouse::test {

DecisionPathBuilder::DecisionPathBuilder(const QString& id)
{
    m_p.id = id;
    m_p.name = QStringLiteral("Isolate compromised endpoint");
    m_p.description = QStringLiteral("SOC triage agent isolates an endpoint from the network.");
    m_p.owner = QStringLiteral("admin");
    m_p.team = QStringLiteral("Security operations");
    m_p.aiComponent = QStringLiteral("triage-agent 2.3");
    m_p.workloadId = QStringLiteral("spiffe://corp.example/agents/") + id;
    m_p.actionTypes = {QStringLiteral("endpoint.isolate")};
    m_p.targets = {QStringLiteral("edr:host/*")};
    m_p.environment = QStringLiteral("production");
    m_p.tier = SeverityTier::T2;
    m_p.reversibility = Reversibility::Reversible;
    m_p.confidenceThreshold = 0.8;
    m_p.frameworks.owaspAgentic = {QStringLiteral("ASI02")};
    m_p.frameworks.nistCsf = {QStringLiteral("RS.MI")};
}

} // namespace gatehouse::test
