#include "TerminalText.h"

namespace gatehouse {

namespace {

bool needsEscape(char16_t c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return true;
    // Bidirectional embeddings, overrides and isolates; zero-width marks that hide text.
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f ||
           c == 0x061c;
}

} // namespace

QString TerminalText::printable(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (needsEscape(c))
            out += QStringLiteral("\\u%1").arg(static_cast<uint>(c), 4, 16, QLatin1Char('0'));
        else
            out += ch;
    }
    return out;
}

QString TerminalText::cell(const QString& text, qsizetype maxChars)
{
    const QString p = printable(text);
    if (p.size() <= maxChars)
        return p;
    return p.left(maxChars - 1) + QChar(0x2026);
}

} // namespace gatehouse
