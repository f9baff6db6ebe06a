#pragma once

#include "ConsolePage.h"
#include "ConsoleServices.h"
#include "OperatorSession.h"
#include "PolicyIssue.h"

class QDateEdit;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace gatehouse {

class UserInteraction;

/// The request-time policy (docs/policy.md): the rules of the version in force with its
/// hash, publisher and time; a JSON editor holding a draft with validation issues listed by
/// line (activating one moves the cursor there); publishing; and a what-if replay of the
/// recorded requests of a period against the draft. Permissions are the service's
/// (PolicyService): its refusals are shown verbatim.
class PoliciesPage : public ConsolePage
{
    Q_OBJECT
public:
    PoliciesPage(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                 QWidget* parent = nullptr);

    /// Re-reads the version in force. The editor is reloaded only when it holds no edits.
    void refresh() override;
    /// Validates the editor's text and lists the issues; returns them.
    QList<PolicyIssue> validateDraft();
    /// Publishes the editor's text; true when a new version is in force.
    bool publishDraft();
    /// Replays the chosen period against the editor's text.
    void runWhatIf();
    /// Puts the editor's cursor at the start of 1-based \a line and focuses it.
    void goToLine(int line);

    QPlainTextEdit* editor() const { return m_editor; }
    QListWidget* issueList() const { return m_issues; }
    QTreeWidget* rulesTable() const { return m_rules; }
    /// Columns: request, path, action, current → draft, status.
    QTreeWidget* whatIfList() const { return m_whatIfList; }
    QDateEdit* fromEdit() const { return m_from; }
    QDateEdit* toEdit() const { return m_to; }
    QPushButton* validateButton() const { return m_validateButton; }
    QPushButton* publishButton() const { return m_publishButton; }
    QPushButton* whatIfButton() const { return m_whatIfButton; }
    /// Hash of the version in force as shown (empty when none could be read).
    QString shownVersionHash() const { return m_shownHash; }
    QString versionText() const;
    QString whatIfSummaryText() const;

private:
    void showIssues(const QList<PolicyIssue>& issues);
    void onIssueActivated(QListWidgetItem* item);
    void loadEditor(const QByteArray& source);

    ConsoleServices m_services;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    QString m_shownHash;
    QLabel* m_versionLabel;
    QLabel* m_error;
    QTreeWidget* m_rules;
    QPlainTextEdit* m_editor;
    QPushButton* m_validateButton;
    QPushButton* m_publishButton;
    QPushButton* m_revertButton;
    QLabel* m_issueSummary;
    QListWidget* m_issues;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QPushButton* m_whatIfButton;
    QLabel* m_whatIfSummary;
    QTreeWidget* m_whatIfList;
    QByteArray m_publishedSource;
};

} // namespace gatehouse
