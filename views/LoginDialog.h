#pragma once

#include <memory>
#include <optional>

#include <QDialog>

#include "OperatorSession.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse {

class AccountService;
class OperatorKeyService;
class OperatorSigningKey;
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
    /// With a key service set, sign-in also unseals the operator's review-signing key
    /// (OperatorKeyService::unlock) while the password is at hand.
    void setKeyService(OperatorKeyService* keys) { m_keys = keys; }
    /// The unsealed key after sign-in; null without a key service or if it could not be opened.
    std::shared_ptr<OperatorSigningKey> signingKey() const { return m_signingKey; }
    bool isDemoHintShown() const;
    QString demoHint() const;
    QString errorText() const;

public slots:
    void signIn();

private:
    void updateButton();

    AccountService& m_accounts;
    std::optional<OperatorSession> m_session;
    OperatorKeyService* m_keys = nullptr;
    std::shared_ptr<OperatorSigningKey> m_signingKey;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLabel* m_demoHint;
    QLabel* m_error;
    QPushButton* m_signIn;
};

} // namespace gatehouse
