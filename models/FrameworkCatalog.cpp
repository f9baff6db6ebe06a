#include "FrameworkCatalog.h"

#include <QHash>
#include <QRegularExpression>

namespace gatehouse {

namespace {

struct Entry
{
    const char* code;
    const char* title;
};

constexpr Entry kOwasp[] = {
    {"ASI01", "Agent goal hijack"},
    {"ASI02", "Tool misuse and exploitation"},
    {"ASI03", "Identity and privilege abuse"},
    {"ASI04", "Agentic supply chain vulnerabilities"},
    {"ASI05", "Unexpected code execution"},
    {"ASI06", "Memory and context poisoning"},
    {"ASI07", "Insecure inter-agent communication"},
    {"ASI08", "Cascading failures"},
    {"ASI09", "Human-agent trust exploitation"},
    {"ASI10", "Rogue agents"},
};

constexpr Entry kMaestro[] = {
    {"L1", "Foundation models"},
    {"L2", "Data operations"},
    {"L3", "Agent frameworks"},
    {"L4", "Deployment and infrastructure"},
    {"L5", "Evaluation and observability"},
    {"L6", "Security and compliance"},
    {"L7", "Agent ecosystem"},
};

constexpr Entry kCsf[] = {
    {"GV.OC", "Organizational context"},
    {"GV.RM", "Risk management strategy"},
    {"GV.RR", "Roles, responsibilities and authorities"},
    {"GV.PO", "Policy"},
    {"GV.OV", "Oversight"},
    {"GV.SC", "Cybersecurity supply chain risk management"},
    {"ID.AM", "Asset management"},
    {"ID.RA", "Risk assessment"},
    {"ID.IM", "Improvement"},
    {"PR.AA", "Identity management, authentication and access control"},
    {"PR.AT", "Awareness and training"},
    {"PR.DS", "Data security"},
    {"PR.PS", "Platform security"},
    {"PR.IR", "Technology infrastructure resilience"},
    {"DE.CM", "Continuous monitoring"},
    {"DE.AE", "Adverse event analysis"},
    {"RS.MA", "Incident management"},
    {"RS.AN", "Incident analysis"},
    {"RS.CO", "Incident response reporting and communication"},
    {"RS.MI", "Incident mitigation"},
    {"RC.RP", "Incident recovery plan execution"},
    {"RC.CO", "Incident recovery communication"},
};

template <std::size_t N> QStringList codesOf(const Entry (&entries)[N])
{
    QStringList out;
    for (const auto& e : entries)
        out << QString::fromLatin1(e.code);
    return out;
}

const QHash<QString, QString>& titles()
{
    static const QHash<QString, QString> map = [] {
        QHash<QString, QString> m;
        for (const auto& e : kOwasp)
            m.insert(QString::fromLatin1(e.code), QString::fromLatin1(e.title));
        for (const auto& e : kMaestro)
            m.insert(QString::fromLatin1(e.code), QString::fromLatin1(e.title));
        for (const auto& e : kCsf)
            m.insert(QString::fromLatin1(e.code), QString::fromLatin1(e.title));
        return m;
    }();
    return map;
}

} // namespace

QStringList FrameworkCatalog::owaspAgenticCodes()
{
    return codesOf(kOwasp);
}

QStringList FrameworkCatalog::maestroLayerCodes()
{
    return codesOf(kMaestro);
}

QStringList FrameworkCatalog::nistCsfCategoryCodes()
{
    return codesOf(kCsf);
}

QString FrameworkCatalog::title(const QString& code)
{
    if (isNistAiRmfSubcategory(code))
        return QStringLiteral("NIST AI RMF ") + code.section(QLatin1Char(' '), 0, 0);
    return titles().value(code);
}

bool FrameworkCatalog::isOwaspAgentic(const QString& code)
{
    return owaspAgenticCodes().contains(code);
}

bool FrameworkCatalog::isMaestroLayer(const QString& code)
{
    return maestroLayerCodes().contains(code);
}

bool FrameworkCatalog::isNistAiRmfSubcategory(const QString& code)
{
    static const QRegularExpression re(
        QStringLiteral("^(GOVERN|MAP|MEASURE|MANAGE) [1-9][0-9]?\\.[1-9][0-9]?$"));
    return re.match(code).hasMatch();
}

bool FrameworkCatalog::isNistCsfCategory(const QString& code)
{
    return nistCsfCategoryCodes().contains(code);
}

} // namespace gatehouse
