#pragma once

#include <QSet>

#include "ConsolePage.h"
#include "ConsoleServices.h"
#include "OperatorSession.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTextBrowser;
class QTimer;

namespace gatehouse {

class ReviewQueueModel;
class UserInteraction;
struct ReviewDetail;

/// The analysts' review queue (issue #4): pending requests, T3 first then oldest, loaded
/// page by page; a detail pane with the AI's recommendation and rationale, parameters,
/// context, the policy explanation, the path's owner and recent decisions, reversibility
/// and rollback plan, who may review and who already acted; and approve / reject /
/// escalate (and break-glass for admins), each with a mandatory justification, signed with
/// the operator's key. Bulk reject; bulk approve only when every selected request is T0/T1.
/// Rules are the service's (ReviewService); its refusals are shown verbatim.
///
/// Keyboard: Alt+A approve, Alt+R reject, Alt+E escalate, Alt+N / Alt+P next / previous,
/// Ctrl+F filter. The page follows changes made elsewhere (WorkspaceChangeWatcher) and keeps
/// the selection and scroll position across refreshes.
class ReviewQueuePage : public ConsolePage
{
    Q_OBJECT
public:
    ReviewQueuePage(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                    QWidget* parent = nullptr);

    void refresh() override;

    QTableView* table() const { return m_table; }
    ReviewQueueModel* model() const { return m_model; }
    QTextBrowser* detailView() const { return m_detail; }
    QPlainTextEdit* justificationEdit() const { return m_justification; }
    QLineEdit* filterEdit() const { return m_filter; }
    QCheckBox* showResolvedBox() const { return m_showResolved; }
    QPushButton* approveButton() const { return m_approve; }
    QPushButton* rejectButton() const { return m_reject; }
    QPushButton* escalateButton() const { return m_escalate; }
    QPushButton* breakGlassButton() const { return m_breakGlass; }
    QPushButton* approveSelectedButton() const { return m_approveSelected; }
    QPushButton* rejectSelectedButton() const { return m_rejectSelected; }
    /// The last refusal or confirmation shown under the buttons.
    QString messageText() const;
    QString countText() const;

    QString currentRequestId() const;
    /// Selects the row of \a requestId if it is loaded; false otherwise.
    bool selectRequest(const QString& requestId);
    void selectNext();
    void selectPrevious();

    bool approveCurrent();
    bool rejectCurrent();
    bool escalateCurrent();
    bool breakGlassCurrent();
    /// Rejects every selected pending request with the one justification; returns how many.
    int rejectSelected();
    /// Approves every selected request if all are T0/T1; returns how many.
    int approveSelected();

signals:
    /// A T3 request arrived, or a request is about to miss its SLA (desktop notification).
    void attentionNeeded(const QString& title, const QString& message);

private:
    enum class Verdict
    {
        Approve,
        Reject,
        Escalate,
        BreakGlass
    };
    bool actOn(const QString& requestId, Verdict verdict, bool reportSuccess);
    void showDetail();
    void updateButtons();
    void showMessage(const QString& text, bool error);
    void applyFilter();
    void noticeAttention();
    QStringList selectedRequestIds() const;
    QString detailHtml(const ReviewDetail& d) const;

    ConsoleServices m_services;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    ReviewQueueModel* m_model = nullptr;
    QLineEdit* m_filter = nullptr;
    QCheckBox* m_showResolved = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_detail = nullptr;
    QPlainTextEdit* m_justification = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_reject = nullptr;
    QPushButton* m_escalate = nullptr;
    QPushButton* m_breakGlass = nullptr;
    QPushButton* m_approveSelected = nullptr;
    QPushButton* m_rejectSelected = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_previous = nullptr;
    QLabel* m_message = nullptr;
    QTimer* m_tick = nullptr;
    QSet<QString> m_seenT3;
    QSet<QString> m_warnedSla;
    bool m_firstLoad = true;
};

} // namespace gatehouse
