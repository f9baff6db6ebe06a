#include "CtlContext.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include "TerminalText.h"
#include "Workspace.h"

namespace gatehouse {

namespace {
// The database file of a workspace (DESIGN.md, "A workspace is a folder"). Checked before
// opening so that a mistyped --workspace is reported instead of silently created.
const QString kDatabaseFileName = QStringLiteral("gatehouse.db");
} // namespace

CtlContext::CtlContext(QTextStream& out, QTextStream& err, PasswordSource& passwords,
                       ApplicationConfig baseConfig)
    : m_out(out), m_err(err), m_passwords(passwords), m_baseConfig(std::move(baseConfig))
{}

CtlContext::~CtlContext() = default;

QString CtlContext::workspaceDir() const
{
    return m_workspaceDir.isEmpty() ? Workspace::defaultDirectory() : m_workspaceDir;
}

Result<Application*> CtlContext::open(WorkspaceAccess access)
{
    if (m_app)
        return m_app.get();
    const QString dir = workspaceDir();
    if (access == WorkspaceAccess::MustExist && !QFileInfo(QDir(dir).filePath(kDatabaseFileName)).isFile())
        return fail(ErrorCode::NotFound,
                    QStringLiteral("no workspace at %1 (create one with 'gatehousectl workspace init' or "
                                   "'gatehousectl demo seed')")
                        .arg(QDir::toNativeSeparators(dir)));
    ApplicationConfig config = m_baseConfig;
    config.workspaceDir = dir;
    config.logLevel = m_logLevel;
    auto app = Application::open(config);
    if (!app)
        return std::unexpected(app.error());
    m_app = std::move(*app);
    return m_app.get();
}

Result<OperatorSession> CtlContext::signIn(QString* passwordUsed)
{
    if (m_user.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("'%1' needs --user NAME (the operator account to act as)").arg(m_command));
    auto app = open();
    if (!app)
        return std::unexpected(app.error());
    auto password = m_passwords.password(PasswordPurpose::SignIn, m_user);
    if (!password)
        return std::unexpected(password.error());
    if (passwordUsed)
        *passwordUsed = *password;
    return (*app)->accounts().authenticate(m_user, *password);
}

int CtlContext::report(const Error& error)
{
    m_out.flush();
    m_err << "gatehousectl: " << TerminalText::printable(error.message) << '\n';
    m_err.flush();
    return kExitUsage;
}

int CtlContext::usageError(const QString& message)
{
    m_out.flush();
    m_err << "gatehousectl: " << TerminalText::printable(message) << '\n';
    m_err << "Try 'gatehousectl " << (m_command.isEmpty() ? QString() : m_command + QLatin1Char(' '))
          << "--help'.\n";
    m_err.flush();
    return kExitUsage;
}

void CtlContext::printJson(const QJsonObject& object)
{
    m_out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    m_out.flush();
}

void CtlContext::printJson(const QJsonArray& array)
{
    m_out << QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented));
    m_out.flush();
}

} // namespace gatehouse
