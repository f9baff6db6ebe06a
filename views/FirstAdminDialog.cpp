#include "FirstAdminDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "AccountService.h"
#include "DecisionPathValidator.h"
#include "PasswordHasher.h"
#include "ViewResources.h"

namespace gatehouse {

namespace {

QLabel* issueLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { color: #b01c1c; }"));
    label->hide();
    return label;
}

void setIssue(QLabel* label, const QString& text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace

FirstAdminDialog::FirstAdminDialog(AccountService& accounts, QWidget* parent)
    : QDialog(parent), m_accounts(accounts), m_username(new QLineEdit(this)),
      m_displayName(new QLineEdit(this)), m_password(new QLineEdit(this)), m_repeat(new QLineEdit(this)),
      m_usernameIssue(issueLabel(QStringLiteral("usernameIssue"), this)),
      m_passwordIssue(issueLabel(QStringLiteral("passwordIssue"), this)),
      m_repeatIssue(issueLabel(QStringLiteral("repeatIssue"), this)),
      m_error(issueLabel(QStringLiteral("createError"), this))
{
    setObjectName(QStringLiteral("firstAdminDialog"));
    setWindowTitle(tr("Create the first administrator — Gatehouse"));
    setWindowIcon(ViewResources::appIcon());

    auto* intro =
        new QLabel(tr("This workspace has no operator accounts yet. Create the first one: it gets the "
                      "admin role and can then create the other accounts."),
                   this);
    intro->setWordWrap(true);

    m_username->setObjectName(QStringLiteral("usernameEdit"));
    m_displayName->setObjectName(QStringLiteral("displayNameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_repeat->setObjectName(QStringLiteral("repeatEdit"));
    m_username->setText(QStringLiteral("admin"));
    m_password->setEchoMode(QLineEdit::Password);
    m_repeat->setEchoMode(QLineEdit::Password);

    auto* form = new QFormLayout;
    form->addRow(tr("&Username:"), m_username);
    form->addRow(QString(), m_usernameIssue);
    form->addRow(tr("&Display name:"), m_displayName);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_passwordIssue);
    form->addRow(tr("&Repeat password:"), m_repeat);
    form->addRow(QString(), m_repeatIssue);

    auto* buttons = new QDialogButtonBox(this);
    m_create = buttons->addButton(tr("Create administrator"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createButton"));
    m_create->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_create, &QPushButton::clicked, this, &FirstAdminDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* edit : {m_username, m_displayName, m_password, m_repeat})
        connect(edit, &QLineEdit::textChanged, this, &FirstAdminDialog::revalidate);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(480);
    revalidate();
}

QString FirstAdminDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void FirstAdminDialog::revalidate()
{
    const QString username = m_username->text().trimmed();
    const bool usernameOk = DecisionPathValidator::isValidUsername(username);
    setIssue(m_usernameIssue, usernameOk || username.isEmpty()
                                  ? QString()
                                  : tr("Use 1 to 64 lower-case letters, digits, '.', '_' or '-'."));
    QString passwordIssue;
    const bool passwordOk = [&] {
        auto policy = PasswordHasher::checkPasswordPolicy(m_password->text());
        if (!policy && !m_password->text().isEmpty())
            passwordIssue = policy.error().message;
        return policy.has_value();
    }();
    setIssue(m_passwordIssue, passwordIssue);
    const bool repeatOk = m_password->text() == m_repeat->text();
    setIssue(m_repeatIssue, repeatOk || m_repeat->text().isEmpty() ? QString() : tr("The passwords differ."));
    m_create->setEnabled(usernameOk && passwordOk && repeatOk);
}

void FirstAdminDialog::create()
{
    revalidate();
    if (!m_create->isEnabled())
        return;
    const QString username = m_username->text().trimmed();
    const QString displayName =
        m_displayName->text().trimmed().isEmpty() ? username : m_displayName->text().trimmed();
    auto created = m_accounts.createFirstAdmin(username, displayName, m_password->text());
    if (!created) {
        setIssue(m_error, created.error().message);
        return;
    }
    m_password->clear();
    m_repeat->clear();
    m_created = created->username;
    accept();
}

} // namespace gatehouse
