#pragma once

#include <QString>

namespace gatehouse {

/// Makes text that came from a workspace (path names, imported fields, error messages
/// quoting input) safe to print on a terminal: C0/C1 control characters, DEL and the
/// bidirectional overrides that can disguise text ("Trojan Source", CVE-2021-42574) are
/// shown as \uXXXX escapes instead of being interpreted. JSON output needs none of this:
/// QJsonDocument escapes control characters itself.
class TerminalText
{
public:
    static QString printable(const QString& text);
    /// printable(), cut to \a maxChars characters with a trailing "…" when longer.
    static QString cell(const QString& text, qsizetype maxChars);
};

} // namespace gatehouse
