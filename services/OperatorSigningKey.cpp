#include "OperatorSigningKey.h"

#include <utility>

#include "CryptoPrimitives.h"
#include "Ed25519.h"

namespace gatehouse {

OperatorSigningKey::OperatorSigningKey(QString username, QString keyId, QByteArray publicKey, QByteArray seed)
    : m_username(std::move(username)), m_keyId(std::move(keyId)), m_publicKey(std::move(publicKey)),
      m_seed(std::move(seed))
{}

OperatorSigningKey::~OperatorSigningKey()
{
    CryptoPrimitives::cleanse(m_seed);
}

OperatorSigningKey::OperatorSigningKey(OperatorSigningKey&& other) noexcept
    : m_username(std::move(other.m_username)), m_keyId(std::move(other.m_keyId)),
      m_publicKey(std::move(other.m_publicKey)), m_seed(std::exchange(other.m_seed, {}))
{}

OperatorSigningKey& OperatorSigningKey::operator=(OperatorSigningKey&& other) noexcept
{
    if (this != &other) {
        CryptoPrimitives::cleanse(m_seed);
        m_username = std::move(other.m_username);
        m_keyId = std::move(other.m_keyId);
        m_publicKey = std::move(other.m_publicKey);
        m_seed = std::exchange(other.m_seed, {});
    }
    return *this;
}

Result<QByteArray> OperatorSigningKey::sign(const QByteArray& message) const
{
    if (!isValid())
        return fail(ErrorCode::CryptoFailure, QStringLiteral("no signing key is unlocked for this session"));
    return Ed25519::sign(m_seed, message);
}

} // namespace gatehouse
