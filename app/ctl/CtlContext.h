#pragma once

#include <memory>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTextStream>

#include "Application.h"
#include "Error.h"
#include "OperatorSession.h"
#include "PasswordSource.h"

namespace gatehouse {

/// What one gatehousectl invocation shares between the runner and the command groups:
/// the output streams, the global options, the password source, and the workspace it
/// opens (at most once). Also the one place that turns errors into exit codes.
class CtlContext
{
public:
    static constexpr int kExitOk = 0;
    static constexpr int kExitCheckFailed = 1; ///< a check ran and failed (ledger damaged)
    static constexpr int kExitUsage = 2;       ///< bad usage or input, or an operation the services refused

    enum class WorkspaceAccess
    {
        MustExist, ///< refuse a folder without gatehouse.db (and never create one)
        MayCreate, ///< `workspace init`, `demo seed`
    };

    /// \a baseConfig carries what the caller decides (clock, scrypt cost, logging on/off);
    /// the workspace folder and log level come from the command line.
    CtlContext(QTextStream& out, QTextStream& err, PasswordSource& passwords, ApplicationConfig baseConfig);
    ~CtlContext();
    CtlContext(const CtlContext&) = delete;
    CtlContext& operator=(const CtlContext&) = delete;

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    PasswordSource& passwords() { return m_passwords; }

    void setCommand(const QString& command) { m_command = command; }
    void setWorkspaceDir(const QString& dir) { m_workspaceDir = dir; }
    /// --workspace, or Workspace::defaultDirectory() when not given.
    QString workspaceDir() const;
    void setUser(const QString& user) { m_user = user; }
    QString user() const { return m_user; }
    void setLogLevel(const QString& level) { m_logLevel = level; }
    void setJson(bool json) { m_json = json; }
    bool json() const { return m_json; }

    /// Opens the workspace on first call and returns the same Application afterwards.
    [[nodiscard]] Result<Application*> open(WorkspaceAccess access = WorkspaceAccess::MustExist);
    /// Opens the workspace and signs --user in through AccountService::authenticate with
    /// the password from the PasswordSource. InvalidInput when --user is missing.
    /// \a passwordUsed (optional) receives the password, for verbs that need it again.
    [[nodiscard]] Result<OperatorSession> signIn(QString* passwordUsed = nullptr);

    /// Prints "gatehousectl: <message>" on stderr and returns kExitUsage.
    int report(const Error& error);
    /// Prints "gatehousectl: <message>" and a pointer to --help; returns kExitUsage.
    int usageError(const QString& message);
    /// Indented JSON document on stdout.
    void printJson(const QJsonObject& object);
    void printJson(const QJsonArray& array);

private:
    QTextStream& m_out;
    QTextStream& m_err;
    PasswordSource& m_passwords;
    ApplicationConfig m_baseConfig;
    QString m_command;
    QString m_workspaceDir;
    QString m_user;
    QString m_logLevel = QStringLiteral("warn");
    bool m_json = false;
    std::unique_ptr<Application> m_app;
};

} // namespace gatehouse
