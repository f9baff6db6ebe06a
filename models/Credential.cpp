#include "Credential.h"

#include <array>

namespace gatehouse {

namespace {

constexpr std::array<std::pair<CredentialStatus, const char*>, 4> kCredentialNames{{
    {CredentialStatus::Active, "active"},
    {CredentialStatus::Used, "used"},
    {CredentialStatus::Revoked, "revoked"},
    {CredentialStatus::Expired, "expired"},
}};

constexpr std::array<std::pair<SigningKeyStatus, const char*>, 4> kKeyNames{{
    {SigningKeyStatus::Active, "active"},
    {SigningKeyStatus::Retired, "retired"},
    {SigningKeyStatus::Withdrawn, "withdrawn"},
    {SigningKeyStatus::Revoked, "revoked"},
}};

template <typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char*>, N>& names, E value)
{
    for (const auto& [v, name] : names) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename E, std::size_t N>
std::optional<E> parse(const std::array<std::pair<E, const char*>, N>& names, const QString& text)
{
    for (const auto& [v, name] : names) {
        if (text == QLatin1String(name))
            return v;
    }
    return std::nullopt;
}

} // namespace

QString credentialStatusName(CredentialStatus status)
{
    return nameOf(kCredentialNames, status);
}

std::optional<CredentialStatus> parseCredentialStatus(const QString& text)
{
    return parse(kCredentialNames, text);
}

QString signingKeyStatusName(SigningKeyStatus status)
{
    return nameOf(kKeyNames, status);
}

std::optional<SigningKeyStatus> parseSigningKeyStatus(const QString& text)
{
    return parse(kKeyNames, text);
}

} // namespace gatehouse
