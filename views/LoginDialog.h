#pragma once

#include <optional>

#include <QDialog>

#include "OperatorSession.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse {

class AccountService;
class WorkspaceSettings;

/// Sign-in: username and password checked by AccountService::authenticate(); its
/// refusal (wrong password, lock-out with the unlock time, disabled account) is shown
/// as the service words it. A demo workspace shows the shared demo password.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(AccountService& accounts, const WorkspaceSettings& settings,
                const QString& workspaceDirectory, QWidget* parent = nullptr);

    void setUsername(const QString& username);
    /// The session after a successful sign-in.
    std::optional<OperatorSession> session() const { return m_session; }
    bool isDemoHintShown() const;
    QString demoHint() const;
    QString errorText() const;

public slots:
    void signIn();

private:
    void updateButton();

    AccountService& m_accounts;
    std::optional<OperatorSession> m_session;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLabel* m_demoHint;
    QLabel* m_error;
    QPushButton* m_signIn;
};

} // namespace gatehouse
