#include "CanonicalJson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include <QJsonArray>
#include <QJsonObject>

namespace gatehouse {

namespace {

void appendValue(QByteArray& out, const QJsonValue& v);

bool utf16Less(const QString& a, const QString& b)
{
    // RFC 8785 section 3.2.3: compare names as arrays of UTF-16 code units.
    return std::lexicographical_compare(a.utf16(), a.utf16() + a.size(), b.utf16(), b.utf16() + b.size());
}

void appendObject(QByteArray& out, const QJsonObject& o)
{
    QStringList keys = o.keys();
    std::sort(keys.begin(), keys.end(), utf16Less);
    out.append('{');
    bool first = true;
    for (const QString& k : keys) {
        if (!first)
            out.append(',');
        first = false;
        out.append(CanonicalJson::quote(k));
        out.append(':');
        appendValue(out, o.value(k));
    }
    out.append('}');
}

void appendValue(QByteArray& out, const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Bool:
        out.append(v.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        out.append(CanonicalJson::formatNumber(v.toDouble()));
        break;
    case QJsonValue::String:
        out.append(CanonicalJson::quote(v.toString()));
        break;
    case QJsonValue::Array: {
        out.append('[');
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out.append(',');
            appendValue(out, a.at(i));
        }
        out.append(']');
        break;
    }
    case QJsonValue::Object:
        appendObject(out, v.toObject());
        break;
    }
}

} // namespace

QByteArray CanonicalJson::serialize(const QJsonValue& value)
{
    QByteArray out;
    appendValue(out, value);
    return out;
}

QByteArray CanonicalJson::quote(const QString& text)
{
    static const char* kHex = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out.append('"');
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.append(kHex[c >> 4]);
                out.append(kHex[c & 0xf]);
            } else {
                out.append(ch);
            }
        }
    }
    out.append('"');
    return out;
}

QByteArray CanonicalJson::formatNumber(double value)
{
    if (!std::isfinite(value))
        return QByteArray("null"); // JSON cannot carry NaN/Infinity; QJsonValue never holds them
    if (value == 0.0)
        return QByteArray("0"); // also -0
    // Shortest round-trip digits in scientific form, e.g. "1.2345e+02".
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
    const std::string sci(buf, res.ptr);
    const auto ePos = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, ePos)) {
        if (c != '.')
            digits.push_back(c);
    }
    const int exponent = std::stoi(sci.substr(ePos + 1));
    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1; // ECMAScript's n: position of the decimal point

    std::string out = value < 0 ? "-" : "";
    if (k <= n && n <= 21) {
        out += digits + std::string(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out +=
            digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
    } else {
        const int e = n - 1;
        out += digits.substr(0, 1);
        if (k > 1)
            out += "." + digits.substr(1);
        out += "e";
        out += e < 0 ? "-" : "+";
        out += std::to_string(std::abs(e));
    }
    return QByteArray::fromStdString(out);
}

} // namespace gatehouse
