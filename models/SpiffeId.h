#pragma once

#include <QString>

#include "Error.h"

namespace gatehouse {

/// A SPIFFE ID ("spiffe://trust-domain/path"), validated against the SPIFFE ID
/// specification (spiffe/spiffe standards/SPIFFE-ID.md):
/// - scheme exactly "spiffe" (lower case), followed by "://";
/// - trust domain: 1..255 chars of [a-z0-9.-_], no port, no user info, no percent-encoding;
/// - path: segments of [a-zA-Z0-9.-_], none empty, none "." or "..", no trailing '/';
/// - no query and no fragment; the whole ID at most 2048 bytes.
/// Workload identities must carry a path; a bare trust-domain ID is refused by parseWorkload().
class SpiffeId
{
public:
    /// Parses any SPIFFE ID, including a bare trust-domain ID. Error: InvalidInput naming the rule broken.
    [[nodiscard]] static Result<SpiffeId> parse(const QString& text);
    /// As parse(), and also requires a non-empty path (a workload, not a trust domain).
    [[nodiscard]] static Result<SpiffeId> parseWorkload(const QString& text);

    QString trustDomain() const { return m_trustDomain; }
    QString path() const { return m_path; } ///< "" or "/seg/seg"
    QString toString() const { return QStringLiteral("spiffe://") + m_trustDomain + m_path; }

private:
    QString m_trustDomain;
    QString m_path;
};

} // namespace gatehouse
