#pragma once

#include <optional>

#include <QByteArray>

namespace gatehouse {

/// base64url without padding, as JWS uses it (RFC 7515 section 2, RFC 4648 section 5).
class Base64Url
{
public:
    /// Encodes \a data with the URL-safe alphabet and no '=' padding.
    static QByteArray encode(const QByteArray& data);
    /// Strict decoding: only [A-Za-z0-9_-], no padding, no whitespace, a length that is
    /// not 1 mod 4, and unused trailing bits zero (so every value has exactly one
    /// encoding). nullopt otherwise.
    static std::optional<QByteArray> decode(const QByteArray& text);
};

} // namespace gatehouse
