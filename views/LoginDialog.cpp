#include "LoginDialog.h"

#include "Logging.h"
#include "OperatorKeyService.h"
#include "OperatorSigningKey.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "AccountService.h"
#include "DemoSeeder.h"
#include "ViewResources.h"
#include "WorkspaceSettings.h"

namespace gatehouse {

LoginDialog::LoginDialog(AccountService& accounts, const WorkspaceSettings& settings,
                         const QString& workspaceDirectory, QWidget* parent)
    : QDialog(parent), m_accounts(accounts), m_username(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_demoHint(new QLabel(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Sign in — Gatehouse"));
    setWindowIcon(ViewResources::appIcon());

    auto* icon = new QLabel(this);
    icon->setPixmap(ViewResources::appIcon().pixmap(48, 48));
    auto* title = new QLabel(tr("<b>Sign in to Gatehouse</b><br><span style='color:#666'>%1</span>")
                                 .arg(workspaceDirectory.toHtmlEscaped()),
                             this);
    title->setTextFormat(Qt::RichText);
    auto* header = new QHBoxLayout;
    header->addWidget(icon);
    header->addWidget(title, 1);

    m_username->setObjectName(QStringLiteral("usernameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    auto* form = new QFormLayout;
    form->addRow(tr("&Username:"), m_username);
    form->addRow(tr("&Password:"), m_password);

    m_demoHint->setObjectName(QStringLiteral("demoHint"));
    m_demoHint->setWordWrap(true);
    m_demoHint->setText(tr("Demo workspace: every account's password is %1")
                            .arg(QString::fromLatin1(DemoSeeder::kDemoPassword)));
    m_demoHint->setStyleSheet(QStringLiteral("QLabel { background: #fff6d5; border: 1px solid #e8d48a; "
                                             "border-radius: 3px; padding: 6px; }"));
    m_demoHint->setVisible(settings.isDemo());

    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    m_error->hide();

    auto* buttons = new QDialogButtonBox(this);
    m_signIn = buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_signIn, &QPushButton::clicked, this, &LoginDialog::signIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_username, &QLineEdit::textChanged, this, &LoginDialog::updateButton);
    connect(m_password, &QLineEdit::textChanged, this, &LoginDialog::updateButton);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addSpacing(6);
    layout->addLayout(form);
    layout->addWidget(m_demoHint);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    setMinimumWidth(460);
    updateButton();
}

void LoginDialog::setUsername(const QString& username)
{
    m_username->setText(username);
    m_password->setFocus();
}

bool LoginDialog::isDemoHintShown() const
{
    return !m_demoHint->isHidden();
}

QString LoginDialog::demoHint() const
{
    return isDemoHintShown() ? m_demoHint->text() : QString();
}

QString LoginDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LoginDialog::updateButton()
{
    m_signIn->setEnabled(!m_username->text().trimmed().isEmpty() && !m_password->text().isEmpty());
}

void LoginDialog::signIn()
{
    if (!m_signIn->isEnabled())
        return;
    auto session = m_accounts.authenticate(m_username->text().trimmed(), m_password->text());
    if (session && m_keys) {
        auto key = m_keys->unlock(session->username, m_password->text());
        if (key)
            m_signingKey = std::make_shared<OperatorSigningKey>(std::move(*key));
        else
            Logging::warn("ui", QStringLiteral("review-signing key of %1 not unlocked: %2")
                                    .arg(session->username, key.error().message));
    }
    m_password->clear();
    if (!session) {
        m_error->setText(session.error().message);
        m_error->show();
        m_password->setFocus();
        return;
    }
    m_session = *session;
    accept();
}

} // namespace gatehouse
