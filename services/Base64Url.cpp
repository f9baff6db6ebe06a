#include "Base64Url.h"

namespace gatehouse {

QByteArray Base64Url::encode(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> Base64Url::decode(const QByteArray& text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok)
            return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::Base64UrlEncoding |
                                                            QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    // Non-zero unused bits in the last character would give a second spelling of the
    // same bytes; a token must have exactly one.
    if (encode(decoded.decoded) != text)
        return std::nullopt;
    return std::move(decoded.decoded);
}

} // namespace gatehouse
