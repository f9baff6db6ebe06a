#pragma once

#include <QString>
#include <QStringList>

namespace gatehouse {

/// The framework codes a decision path may be mapped to, and their titles.
/// Sources: OWASP Top 10 for Agentic Applications (ASI01-ASI10, 2026 edition),
/// CSA MAESTRO agentic threat-modelling layers (L1-L7), NIST AI RMF 1.0 (AI 100-1)
/// functions, NIST CSF 2.0 (CSWP 29) categories.
class FrameworkCatalog
{
public:
    static QStringList owaspAgenticCodes();
    static QStringList maestroLayerCodes();
    static QStringList nistCsfCategoryCodes();

    /// Short title for any known code, e.g. "ASI03" -> "Identity and privilege abuse"; empty if unknown.
    static QString title(const QString& code);

    static bool isOwaspAgentic(const QString& code);
    static bool isMaestroLayer(const QString& code);
    /// "GOVERN 1.1" style: function name, space, N.N (functions GOVERN, MAP, MEASURE, MANAGE).
    static bool isNistAiRmfSubcategory(const QString& code);
    static bool isNistCsfCategory(const QString& code);
};

} // namespace gatehouse
