#pragma once

#include <QStringList>

namespace gatehouse {

/// Which external framework entries a decision path answers to.
/// Codes follow each framework's own notation:
/// - OWASP Top 10 for Agentic Applications (2026): "ASI01".."ASI10"
/// - CSA MAESTRO layers: "L1".."L7"
/// - NIST AI RMF 1.0 subcategories: "GOVERN 1.1", "MAP 2.3", "MEASURE 2.7", "MANAGE 4.1"
/// - NIST CSF 2.0 categories: "GV.OC", "PR.AA", "DE.CM", ...
struct FrameworkMapping
{
    QStringList owaspAgentic;
    QStringList maestroLayers;
    QStringList nistAiRmf;
    QStringList nistCsf;

    bool isEmpty() const
    {
        return owaspAgentic.isEmpty() && maestroLayers.isEmpty() && nistAiRmf.isEmpty() && nistCsf.isEmpty();
    }
    bool operator==(const FrameworkMapping&) const = default;
};

} // namespace gatehouse
