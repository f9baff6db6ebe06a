#include "TestWorkspace.h"

#include <QtTest>

namespace gatehouse::test {

TestWorkspace::TestWorkspace(bool withAdmin) : m_clock(std::make_shared<FakeClock>())
{
    if (!reopen())
        return;
    if (withAdmin) {
        auto admin = m_app->accounts().createFirstAdmin(QStringLiteral("admin"), QStringLiteral("Admin"),
                                                        QString::fromLatin1(kPassword));
        if (!admin) {
            m_error = admin.error().message;
            m_app.reset();
        }
    }
}

TestWorkspace::~TestWorkspace() = default;

OperatorSession TestWorkspace::admin() const
{
    return OperatorSession{QStringLiteral("admin"), OperatorRole::Admin};
}

OperatorSession TestWorkspace::addOperator(const QString& username, OperatorRoles roles)
{
    auto created =
        m_app->accounts().createAccount(admin(), username, username, roles, QString::fromLatin1(kPassword));
    if (!created)
        qFatal("cannot create test operator %s: %s", qPrintable(username),
               qPrintable(created.error().message));
    return OperatorSession{username, roles};
}

void TestWorkspace::close()
{
    m_app.reset();
}

bool TestWorkspace::reopen()
{
    m_app.reset();
    ApplicationConfig config;
    config.workspaceDir = m_dir.path();
    config.clock = m_clock;
    config.scrypt = fastScrypt();
    config.initLogging = false;
    auto app = Application::open(config);
    if (!app) {
        m_error = app.error().message;
        return false;
    }
    m_app = std::move(*app);
    return true;
}

} // namespace gatehouse::test
