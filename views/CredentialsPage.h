#pragma once

#include "ConsolePage.h"
#include "ConsoleServices.h"
#include "OperatorSession.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;
class QTimer;

namespace gatehouse {

class CredentialFilterModel;
class CredentialTableModel;
class UserInteraction;
struct Credential;

/// The Credentials page (issue #5): every credential the issuer minted — active, expired,
/// used, revoked — with its time left (ticking once a second), filters by state, path and
/// literal text, the selected credential's claims (never the token), and two actions:
///
/// - Revoke: one active credential, with a required reason asked through UserInteraction;
///   CredentialService::revoke checks the permission and its refusals are shown verbatim.
/// - Suspend path: the kill switch for a whole path. CredentialService offers no
///   per-path revocation on an operator's session (revokeForPath runs inside the caller's
///   transaction without checks), so the page suspends the path through
///   CatalogueService::suspend, which revokes every live credential of it in the same commit.
///
/// Follows changes made elsewhere (WorkspaceChangeWatcher) and keeps the selection.
class CredentialsPage : public ConsolePage
{
    Q_OBJECT
public:
    /// Limit of one listing (CredentialFilter::limit; newest first).
    static constexpr int kLimit = 1000;

    /// \a services.credentials must be set.
    CredentialsPage(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                    QWidget* parent = nullptr);

    void refresh() override;
    /// What the 1 s timer does: moves the model to the clock's now.
    void tick();

    QComboBox* stateCombo() const { return m_state; }
    QComboBox* pathCombo() const { return m_path; }
    QLineEdit* filterEdit() const { return m_filter; }
    QTableView* table() const { return m_table; }
    CredentialTableModel* model() const { return m_model; }
    CredentialFilterModel* filterModel() const { return m_proxy; }
    QTextBrowser* detailView() const { return m_detail; }
    QPushButton* revokeButton() const { return m_revoke; }
    QPushButton* suspendPathButton() const { return m_suspendPath; }
    QTimer* ticker() const { return m_ticker; }
    /// The last confirmation or refusal shown under the buttons.
    QString messageText() const;
    QString countText() const;

    /// jti of the current row, empty when none.
    QString currentJti() const;
    /// Selects the row of \a jti if it passes the filters; false otherwise.
    bool selectCredential(const QString& jti);
    /// Asks for a reason and revokes the current credential; true when it was revoked.
    bool revokeCurrent();
    /// Asks for a reason and suspends the current credential's path (revoking all its live
    /// credentials); true when the path was suspended.
    bool suspendCurrentPath();

private:
    void rebuildPathChoices();
    void applyFilters();
    void showDetail();
    void updateStatusLine();
    void updateButtons();
    void showMessage(const QString& text, bool error);
    const Credential* currentCredential() const;
    QString detailHtml(const Credential& c) const;

    ConsoleServices m_services;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    CredentialTableModel* m_model = nullptr;
    CredentialFilterModel* m_proxy = nullptr;
    QComboBox* m_state = nullptr;
    QComboBox* m_path = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_count = nullptr;
    QLabel* m_error = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_status = nullptr;
    QTextBrowser* m_detail = nullptr;
    QPushButton* m_revoke = nullptr;
    QPushButton* m_suspendPath = nullptr;
    QLabel* m_message = nullptr;
    QTimer* m_ticker = nullptr;
};

} // namespace gatehouse
