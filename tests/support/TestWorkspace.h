#pragma once

#include <memory>

#include <QTemporaryDir>

#include "Application.h"
#include "FakeClock.h"
#include "OperatorSession.h"

namespace gatehouse::test {

/// A throw-away workspace in a temporary folder, opened with a fake clock and cheap
/// scrypt parameters (N = 2^10) so tests stay fast. Creates the admin "admin"
/// (password kPassword) unless told not to.
class TestWorkspace
{
public:
    static constexpr const char* kPassword = "correct horse battery";

    explicit TestWorkspace(bool withAdmin = true);
    ~TestWorkspace();

    bool isValid() const { return m_app != nullptr; }
    QString directory() const { return m_dir.path(); }
    Application& app() { return *m_app; }
    FakeClock& clock() { return *m_clock; }
    /// Session of the built-in admin.
    OperatorSession admin() const;
    /// Creates an account with \a roles (password kPassword) and returns its session.
    OperatorSession addOperator(const QString& username, OperatorRoles roles);
    /// Closes the database (e.g. before tampering with the file) and reopens it.
    void close();
    bool reopen();
    QString openError() const { return m_error; }

    static ScryptParameters fastScrypt() { return ScryptParameters{1u << 10, 8, 1}; }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<FakeClock> m_clock;
    std::unique_ptr<Application> m_app;
    QString m_error;
};

} // namespace gatehouse::test
