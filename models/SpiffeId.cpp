#include "SpiffeId.h"

#include <QStringList>

namespace gatehouse {

namespace {

bool isTrustDomainChar(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') ||
           c == QLatin1Char('-') || c == QLatin1Char('_');
}

bool isPathChar(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
           (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') ||
           c == QLatin1Char('-') || c == QLatin1Char('_');
}

std::unexpected<Error> invalid(const QString& reason)
{
    return fail(ErrorCode::InvalidInput, QStringLiteral("invalid SPIFFE ID: %1").arg(reason));
}

} // namespace

Result<SpiffeId> SpiffeId::parse(const QString& text)
{
    static const QString kPrefix = QStringLiteral("spiffe://");
    if (text.isEmpty())
        return invalid(QStringLiteral("it is empty"));
    if (text.toUtf8().size() > 2048)
        return invalid(QStringLiteral("it is longer than 2048 bytes"));
    if (!text.startsWith(kPrefix)) {
        if (text.startsWith(kPrefix, Qt::CaseInsensitive))
            return invalid(QStringLiteral("the scheme must be lower-case \"spiffe\""));
        return invalid(QStringLiteral("it must start with \"spiffe://\""));
    }
    if (text.contains(QLatin1Char('?')))
        return invalid(QStringLiteral("a query (\"?\") is not allowed"));
    if (text.contains(QLatin1Char('#')))
        return invalid(QStringLiteral("a fragment (\"#\") is not allowed"));

    const QString rest = text.mid(kPrefix.size());
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    const QString domain = slash < 0 ? rest : rest.left(slash);
    const QString path = slash < 0 ? QString() : rest.mid(slash);

    if (domain.isEmpty())
        return invalid(QStringLiteral("the trust domain is empty"));
    if (domain.size() > 255)
        return invalid(QStringLiteral("the trust domain is longer than 255 characters"));
    if (domain.contains(QLatin1Char('@')))
        return invalid(QStringLiteral("user info (\"@\") is not allowed in the trust domain"));
    if (domain.contains(QLatin1Char(':')))
        return invalid(QStringLiteral("a port (\":\") is not allowed in the trust domain"));
    if (domain.contains(QLatin1Char('%')))
        return invalid(QStringLiteral("percent-encoding is not allowed"));
    for (QChar c : domain) {
        if (!isTrustDomainChar(c))
            return invalid(
                QStringLiteral("the trust domain may only hold lower-case letters, digits, '.', '-' "
                               "and '_' (found '%1')")
                    .arg(c));
    }

    if (!path.isEmpty()) {
        if (path.endsWith(QLatin1Char('/')))
            return invalid(QStringLiteral("the path must not end with '/'"));
        const QStringList segments = path.mid(1).split(QLatin1Char('/'));
        for (const QString& seg : segments) {
            if (seg.isEmpty())
                return invalid(QStringLiteral("the path has an empty segment (\"//\")"));
            if (seg == QLatin1String(".") || seg == QLatin1String(".."))
                return invalid(QStringLiteral("the path must not contain \".\" or \"..\" segments"));
            for (QChar c : seg) {
                if (c == QLatin1Char('%'))
                    return invalid(QStringLiteral("percent-encoding is not allowed"));
                if (!isPathChar(c))
                    return invalid(
                        QStringLiteral(
                            "path segments may only hold letters, digits, '.', '-' and '_' (found '%1')")
                            .arg(c));
            }
        }
    }

    SpiffeId id;
    id.m_trustDomain = domain;
    id.m_path = path;
    return id;
}

Result<SpiffeId> SpiffeId::parseWorkload(const QString& text)
{
    auto id = parse(text);
    if (!id)
        return id;
    if (id->path().isEmpty())
        return invalid(QStringLiteral("a workload identity needs a path after the trust domain "
                                      "(e.g. spiffe://example.org/agent/triage)"));
    return id;
}

} // namespace gatehouse
