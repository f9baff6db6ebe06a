#pragma once

#include <expected>

#include <QString>

namespace gatehouse {

/// Kinds of failure a user (or an agent) can cause. Bugs are not errors: they assert.
enum class ErrorCode
{
    InvalidInput,     ///< malformed or out-of-range input; message names the field/line
    NotFound,         ///< the named object does not exist
    Conflict,         ///< stale version, duplicate id, or a state that forbids the change
    PermissionDenied, ///< the acting operator lacks the role or ownership required
    AuthenticationFailed,
    AccountLocked, ///< too many failed sign-ins; message says until when
    AccountDisabled,
    IncompatibleSchema, ///< database written by a newer Gatehouse; left untouched
    DamagedDatabase,    ///< not an SQLite file, or SQLite reports corruption; left untouched
    StorageFailure,     ///< I/O or SQLite failure while reading or writing
    CryptoFailure,      ///< OpenSSL refused an operation or a self-test failed
};

/// A failure as a value: a code for programs, a sentence for people.
struct Error
{
    ErrorCode code;
    QString message;
};

template <typename T> using Result = std::expected<T, Error>;

/// Result of an operation that yields nothing but success.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorCode code, QString message)
{
    return std::unexpected<Error>(Error{code, std::move(message)});
}

/// Short stable name of an error code ("invalid_input", ...), used in JSON output.
QString errorCodeName(ErrorCode code);

} // namespace gatehouse
