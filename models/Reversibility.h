#pragma once

#include <optional>

#include <QString>

namespace gatehouse {

/// How far the actions of a path can be undone; ordered from least to most dangerous.
enum class Reversibility
{
    Reversible = 0,
    HardToReverse = 1,
    Irreversible = 2,
};

/// "reversible", "hard_to_reverse", "irreversible"
QString reversibilityName(Reversibility value);
/// Human label: "reversible", "hard to reverse", "irreversible"
QString reversibilityLabel(Reversibility value);
/// Accepts the name or the label, any case.
std::optional<Reversibility> parseReversibility(const QString& text);

} // namespace gatehouse
