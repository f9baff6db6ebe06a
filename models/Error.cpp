#include "Error.h"

namespace gatehouse {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidInput:
        return QStringLiteral("invalid_input");
    case ErrorCode::NotFound:
        return QStringLiteral("not_found");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::PermissionDenied:
        return QStringLiteral("permission_denied");
    case ErrorCode::AuthenticationFailed:
        return QStringLiteral("authentication_failed");
    case ErrorCode::AccountLocked:
        return QStringLiteral("account_locked");
    case ErrorCode::AccountDisabled:
        return QStringLiteral("account_disabled");
    case ErrorCode::IncompatibleSchema:
        return QStringLiteral("incompatible_schema");
    case ErrorCode::DamagedDatabase:
        return QStringLiteral("damaged_database");
    case ErrorCode::StorageFailure:
        return QStringLiteral("storage_failure");
    case ErrorCode::CryptoFailure:
        return QStringLiteral("crypto_failure");
    }
    return QStringLiteral("unknown");
}

} // namespace gatehouse
