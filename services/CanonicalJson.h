#pragma once

#include <QByteArray>
#include <QJsonValue>

namespace gatehouse {

/// JSON Canonicalization Scheme, RFC 8785: object members sorted by the UTF-16 code
/// units of their names, no insignificant whitespace, strings with the minimal
/// escapes of ECMAScript JSON.stringify, numbers in ECMAScript Number-to-String form
/// (shortest round-trip, "1e+21" style exponents, -0 as 0).
class CanonicalJson
{
public:
    /// UTF-8 bytes of the canonical form of \a value.
    static QByteArray serialize(const QJsonValue& value);
    /// ECMAScript Number::toString of a finite double (RFC 8785 section 3.2.2.3).
    static QByteArray formatNumber(double value);
    /// JSON string literal with RFC 8785 escaping, quotes included.
    static QByteArray quote(const QString& text);
};

} // namespace gatehouse
