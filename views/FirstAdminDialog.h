#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace gatehouse {

class AccountService;

/// First start of an empty workspace: creates the first account, with the admin role,
/// through AccountService::createFirstAdmin(). The password must meet
/// PasswordHasher::checkPasswordPolicy() and be typed twice.
class FirstAdminDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FirstAdminDialog(AccountService& accounts, QWidget* parent = nullptr);

    /// Username of the account created (after accept()).
    QString createdUsername() const { return m_created; }
    QPushButton* createButton() const { return m_create; }
    QString errorText() const;

public slots:
    void create();

private:
    void revalidate();

    AccountService& m_accounts;
    QString m_created;
    QLineEdit* m_username;
    QLineEdit* m_displayName;
    QLineEdit* m_password;
    QLineEdit* m_repeat;
    QLabel* m_usernameIssue;
    QLabel* m_passwordIssue;
    QLabel* m_repeatIssue;
    QLabel* m_error;
    QPushButton* m_create;
};

} // namespace gatehouse
