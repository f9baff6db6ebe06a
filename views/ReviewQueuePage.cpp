#include "ReviewQueuePage.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include "Clock.h"
#include "CredentialService.h"
#include "OperatorSigningKey.h"
#include "ReviewQueueModel.h"
#include "ReviewService.h"
#include "TimeLeftText.h"
#include "UserInteraction.h"
#include "UtcText.h"
#include "WorkspaceChangeWatcher.h"

namespace gatehouse {

namespace {

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

/// The request's credential (issue #5) for the detail pane: jti, state, expiry and time
/// left, signing key. Empty when there is no issuer; a line saying so before one is minted.
QString credentialSection(const CredentialService* credentials, const QString& requestId,
                          const QDateTime& now)
{
    if (!credentials)
        return {};
    QString h = QCoreApplication::translate("ReviewQueuePage", "<h4>Credential</h4>");
    auto found = credentials->forRequest(requestId);
    if (!found)
        return h + QStringLiteral("<p>%1</p>").arg(esc(found.error().message));
    if (!found->has_value())
        return h + QCoreApplication::translate("ReviewQueuePage",
                                               "<p>None minted (issued on allow or approval).</p>");
    const Credential& c = **found;
    const bool live = c.isLive(now);
    const QString state = live || c.status != CredentialStatus::Active
                              ? credentialStatusName(c.status)
                              : credentialStatusName(CredentialStatus::Expired);
    h += QCoreApplication::translate("ReviewQueuePage",
                                     "<p>jti <code>%1</code> · <b>%2</b><br>Expires %3%4<br>Key %5</p>")
             .arg(esc(c.jti), esc(state), utcText(c.expiresAt),
                  live ? QCoreApplication::translate("ReviewQueuePage", " · %1 left")
                             .arg(timeLeftText(now.secsTo(c.expiresAt)))
                       : QString(),
                  esc(c.kid));
    return h;
}

QString jsonHtml(const QJsonObject& o)
{
    return QStringLiteral("<pre>%1</pre>")
        .arg(esc(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed()));
}

/// The permission graph's view of the action: what the path's identities reach, whether the
/// target is Tier Zero, and what a granting action would add.
QString graphHtml(const ReviewDetail& d)
{
    if (!d.graph)
        return QStringLiteral("<p><i>%1</i></p>").arg(QObject::tr("No permission graph service."));
    const ReviewGraphPreview& g = *d.graph;
    if (!g.available)
        return QStringLiteral("<p><i>%1</i></p>").arg(esc(g.note));
    QString h = QStringLiteral("<p>");
    if (!g.identities.isEmpty()) {
        QStringList kinds;
        for (auto it = g.reachableByKind.cbegin(); it != g.reachableByKind.cend(); ++it)
            kinds << QStringLiteral("%1 %2").arg(it.value()).arg(esc(it.key()));
        h += QObject::tr("Runs as %1: reaches %2 node(s) (%3)%4.")
                 .arg(esc(g.identities.join(QStringLiteral(", "))))
                 .arg(g.reachable)
                 .arg(kinds.join(QStringLiteral(", ")))
                 .arg(g.reachableTierZero > 0
                          ? QObject::tr(", <span style='color:#b02020'><b>%1 Tier Zero</b></span>")
                                .arg(g.reachableTierZero)
                          : QString());
    } else {
        h += esc(g.note);
    }
    if (!g.targetNode.isEmpty())
        h += QObject::tr("<br>Target %1 is in the graph%2.")
                 .arg(esc(g.targetNode),
                      g.targetTierZero
                          ? QObject::tr(" and is <span style='color:#b02020'><b>Tier Zero</b></span>")
                          : QString());
    if (!g.hypotheticalEdge.isEmpty())
        h += g.newIdentitiesReachingTierZero > 0
                 ? QObject::tr(
                       "<br><span style='color:#b02020'><b>Approving adds %1 → %2 new identit(ies) would "
                       "reach Tier Zero</b></span>: %3")
                       .arg(esc(g.hypotheticalEdge))
                       .arg(g.newIdentitiesReachingTierZero)
                       .arg(esc(g.newIdentities.join(QStringLiteral(", "))))
                 : QObject::tr("<br>Approving adds %1: no new path into Tier Zero.")
                       .arg(esc(g.hypotheticalEdge));
    return h + QStringLiteral("</p>");
}

} // namespace

ReviewQueuePage::ReviewQueuePage(ConsoleServices services, OperatorSession session,
                                 UserInteraction& interaction, QWidget* parent)
    : ConsolePage(parent), m_services(std::move(services)), m_session(std::move(session)),
      m_interaction(interaction)
{
    setObjectName(QStringLiteral("reviewQueuePage"));
    m_model = new ReviewQueueModel(*m_services.review, m_services.clock, m_session, this);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("reviewFilter"));
    m_filter->setPlaceholderText(tr("Filter by request, path, action or target (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_showResolved = new QCheckBox(tr("Sho&w resolved"), this);
    m_showResolved->setObjectName(QStringLiteral("showResolved"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("reviewCount"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_showResolved);
    bar->addWidget(m_count);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("reviewTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_table->setColumnWidth(ReviewQueueModel::TierColumn, 3 * em);
    m_table->setColumnWidth(ReviewQueueModel::PathColumn, 11 * em);
    m_table->setColumnWidth(ReviewQueueModel::ActionColumn, 10 * em);
    m_table->setColumnWidth(ReviewQueueModel::TargetColumn, 12 * em);
    m_table->setColumnWidth(ReviewQueueModel::ConfidenceColumn,
                            m_table->fontMetrics().horizontalAdvance(tr("Confidence")) + em);
    m_table->setColumnWidth(ReviewQueueModel::TriggersColumn, 8 * em);
    m_table->setColumnWidth(ReviewQueueModel::AgeColumn, 5 * em);
    m_table->setColumnWidth(ReviewQueueModel::TimeLeftColumn, 6 * em);

    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("reviewDetail"));
    m_detail->setOpenLinks(false);
    m_justification = new QPlainTextEdit(this);
    m_justification->setObjectName(QStringLiteral("justification"));
    m_justification->setPlaceholderText(
        tr("Justification (required): why you approve, reject or escalate. A rejection's justification "
           "is returned to the agent."));
    m_justification->setMaximumHeight(m_justification->fontMetrics().height() * 4 + 16);
    m_justification->setTabChangesFocus(true);

    auto button = [this](const QString& text, const char* name) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        return b;
    };
    m_approve = button(tr("Approve  (Alt+A)"), "approveButton");
    m_reject = button(tr("Reject  (Alt+R)"), "rejectButton");
    m_escalate = button(tr("Escalate to managers  (Alt+E)"), "escalateButton");
    m_breakGlass = button(tr("Break-glass approve…"), "breakGlassButton");
    m_breakGlass->setVisible(m_session.hasRole(OperatorRole::Admin));
    m_approveSelected = button(tr("Approve selected (T0/T1 only)"), "approveSelectedButton");
    m_rejectSelected = button(tr("Reject selected"), "rejectSelectedButton");
    m_previous = button(tr("Previous  (Alt+P)"), "previousButton");
    m_next = button(tr("Next  (Alt+N)"), "nextButton");
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("reviewMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_approve);
    actions->addWidget(m_reject);
    actions->addWidget(m_escalate);
    actions->addWidget(m_breakGlass);
    actions->addStretch(1);
    actions->addWidget(m_previous);
    actions->addWidget(m_next);
    auto* bulk = new QHBoxLayout;
    bulk->addWidget(m_approveSelected);
    bulk->addWidget(m_rejectSelected);
    bulk->addStretch(1);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_detail, 1);
    rightLayout->addWidget(m_justification);
    rightLayout->addLayout(actions);
    rightLayout->addLayout(bulk);
    rightLayout->addWidget(m_message);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({640, 420});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &ReviewQueuePage::applyFilter);
    connect(m_showResolved, &QCheckBox::toggled, this, &ReviewQueuePage::applyFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_justification->clear();
        showDetail();
        updateButtons();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ReviewQueuePage::updateButtons);
    connect(m_approve, &QPushButton::clicked, this, &ReviewQueuePage::approveCurrent);
    connect(m_reject, &QPushButton::clicked, this, &ReviewQueuePage::rejectCurrent);
    connect(m_escalate, &QPushButton::clicked, this, &ReviewQueuePage::escalateCurrent);
    connect(m_breakGlass, &QPushButton::clicked, this, &ReviewQueuePage::breakGlassCurrent);
    connect(m_approveSelected, &QPushButton::clicked, this, &ReviewQueuePage::approveSelected);
    connect(m_rejectSelected, &QPushButton::clicked, this, &ReviewQueuePage::rejectSelected);
    connect(m_next, &QPushButton::clicked, this, &ReviewQueuePage::selectNext);
    connect(m_previous, &QPushButton::clicked, this, &ReviewQueuePage::selectPrevious);
    // Explicit shortcuts (not mnemonics, which some platforms disable), live while focus is
    // anywhere on the page, the justification box included.
    const std::pair<QKeySequence, QPushButton*> keys[] = {{QKeySequence(Qt::ALT | Qt::Key_A), m_approve},
                                                          {QKeySequence(Qt::ALT | Qt::Key_R), m_reject},
                                                          {QKeySequence(Qt::ALT | Qt::Key_E), m_escalate},
                                                          {QKeySequence(Qt::ALT | Qt::Key_N), m_next},
                                                          {QKeySequence(Qt::ALT | Qt::Key_P), m_previous}};
    for (const auto& [sequence, target] : keys) {
        auto* shortcut = new QShortcut(sequence, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        QPushButton* b = target;
        connect(shortcut, &QShortcut::activated, b, [b] {
            if (b->isEnabled())
                b->click();
        });
    }
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_filter, [this] { m_filter->setFocus(); });
    if (m_services.changes)
        connect(m_services.changes, &WorkspaceChangeWatcher::changed, this, &ReviewQueuePage::refresh);
    m_tick = new QTimer(this);
    m_tick->setInterval(30000);
    connect(m_tick, &QTimer::timeout, m_model, &ReviewQueueModel::tick);
    m_tick->start();
    updateButtons();
}

void ReviewQueuePage::refresh()
{
    const QString current = currentRequestId();
    const QStringList selected = selectedRequestIds();
    const int scroll = m_table->verticalScrollBar()->value();
    {
        const QSignalBlocker block(m_table->selectionModel());
        m_model->reload();
        for (const QString& id : selected) {
            const int row = m_model->rowOf(id);
            if (row >= 0)
                m_table->selectionModel()->select(m_model->index(row, 0),
                                                  QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        const int row = m_model->rowOf(current);
        if (row >= 0)
            m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::NoUpdate);
    }
    m_table->verticalScrollBar()->setValue(scroll);
    if (!m_model->lastError().isEmpty())
        showMessage(m_model->lastError(), true);
    m_count->setText(tr("%n request(s)", nullptr, static_cast<int>(m_model->totalCount())));
    if (m_model->rowOf(current) < 0 && m_model->rowCount() > 0 && current.isEmpty())
        m_table->selectRow(0);
    showDetail();
    updateButtons();
    noticeAttention();
}

void ReviewQueuePage::applyFilter()
{
    ReviewQueueFilter f;
    f.text = m_filter->text().trimmed();
    f.includeResolved = m_showResolved->isChecked();
    m_model->setFilter(f);
    m_count->setText(tr("%n request(s)", nullptr, static_cast<int>(m_model->totalCount())));
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    showDetail();
    updateButtons();
}

void ReviewQueuePage::noticeAttention()
{
    const QDateTime now = m_services.clock.now();
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const ReviewQueueRow& r = m_model->rowAt(i);
        if (r.status != QLatin1String("pending_review"))
            continue;
        if (r.tier == SeverityTier::T3 && !m_seenT3.contains(r.requestId)) {
            m_seenT3.insert(r.requestId);
            if (!m_firstLoad)
                emit attentionNeeded(tr("T3 request waiting for review"),
                                     tr("%1 on %2 (%3)").arg(r.actionType, r.target, r.pathId));
        }
        const qint64 toSla = now.secsTo(r.slaDueAt);
        if (toSla > 0 && toSla <= 5 * 60 && !m_warnedSla.contains(r.requestId)) {
            m_warnedSla.insert(r.requestId);
            emit attentionNeeded(
                tr("Review SLA about to be missed"),
                tr("%1 on %2: SLA in %3 min").arg(r.actionType, r.target).arg((toSla + 59) / 60));
        }
    }
    m_firstLoad = false;
}

QString ReviewQueuePage::currentRequestId() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.data(ReviewQueueModel::RequestIdRole).toString() : QString();
}

QStringList ReviewQueuePage::selectedRequestIds() const
{
    QStringList ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& i : rows)
        ids.append(i.data(ReviewQueueModel::RequestIdRole).toString());
    return ids;
}

bool ReviewQueuePage::selectRequest(const QString& requestId)
{
    const int row = m_model->rowOf(requestId);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    return true;
}

void ReviewQueuePage::selectNext()
{
    const int row = m_table->selectionModel()->currentIndex().row();
    if (row + 1 >= m_model->rowCount() && m_model->canFetchMore({}))
        m_model->fetchMore({});
    if (row + 1 < m_model->rowCount())
        m_table->selectRow(row + 1);
}

void ReviewQueuePage::selectPrevious()
{
    const int row = m_table->selectionModel()->currentIndex().row();
    if (row > 0)
        m_table->selectRow(row - 1);
}

QString ReviewQueuePage::messageText() const
{
    return m_message->text();
}

QString ReviewQueuePage::countText() const
{
    return m_count->text();
}

void ReviewQueuePage::showMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b02020;") : QStringLiteral("color: #206020;"));
    m_message->setText(text);
}

void ReviewQueuePage::updateButtons()
{
    const int row = m_table->selectionModel()->currentIndex().row();
    const bool pending = row >= 0 && row < m_model->rowCount() &&
                         m_model->rowAt(row).status == QLatin1String("pending_review");
    for (QPushButton* b : {m_approve, m_reject, m_escalate, m_breakGlass})
        b->setEnabled(pending);
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    bool allLow = !rows.isEmpty();
    bool anyPending = false;
    for (const QModelIndex& i : rows) {
        const ReviewQueueRow& r = m_model->rowAt(i.row());
        allLow = allLow && r.tier <= SeverityTier::T1;
        anyPending = anyPending || r.status == QLatin1String("pending_review");
    }
    m_rejectSelected->setEnabled(rows.size() > 1 && anyPending);
    m_approveSelected->setEnabled(rows.size() > 1 && anyPending && allLow);
    m_approveSelected->setToolTip(allLow ? QString()
                                         : tr("Bulk approval is not offered for T2 and T3 requests: "
                                              "approve them one by one."));
    m_next->setEnabled(row + 1 < m_model->rowCount() || m_model->canFetchMore({}));
    m_previous->setEnabled(row > 0);
}

bool ReviewQueuePage::approveCurrent()
{
    return actOn(currentRequestId(), Verdict::Approve, true);
}

bool ReviewQueuePage::rejectCurrent()
{
    return actOn(currentRequestId(), Verdict::Reject, true);
}

bool ReviewQueuePage::escalateCurrent()
{
    return actOn(currentRequestId(), Verdict::Escalate, true);
}

bool ReviewQueuePage::breakGlassCurrent()
{
    if (!m_interaction.confirm(
            this, tr("Break-glass approval"),
            tr("Approve this request alone, overriding the approvals it needs? The approval "
               "is flagged and a manager must review it afterwards.")))
        return false;
    return actOn(currentRequestId(), Verdict::BreakGlass, true);
}

int ReviewQueuePage::rejectSelected()
{
    const QStringList ids = selectedRequestIds();
    int done = 0;
    for (const QString& id : ids)
        done += actOn(id, Verdict::Reject, false) ? 1 : 0;
    if (done == ids.size())
        showMessage(tr("Rejected %n request(s).", nullptr, done), false);
    refresh();
    return done;
}

int ReviewQueuePage::approveSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex& i : rows)
        if (m_model->rowAt(i.row()).tier > SeverityTier::T1) {
            showMessage(tr("Bulk approval is not offered for T2 and T3 requests: approve them one by one."),
                        true);
            return 0;
        }
    const QStringList ids = selectedRequestIds();
    int done = 0;
    for (const QString& id : ids)
        done += actOn(id, Verdict::Approve, false) ? 1 : 0;
    if (done == ids.size())
        showMessage(tr("Approved %n request(s).", nullptr, done), false);
    refresh();
    return done;
}

bool ReviewQueuePage::actOn(const QString& requestId, Verdict verdict, bool reportSuccess)
{
    if (requestId.isEmpty() || !m_services.review)
        return false;
    if (!m_services.signingKey || !m_services.signingKey->isValid()) {
        showMessage(
            tr("No signing key is unlocked for %1: sign out and in again to review.").arg(m_session.username),
            true);
        return false;
    }
    const QString justification = m_justification->toPlainText();
    const OperatorSigningKey& key = *m_services.signingKey;
    ReviewService& review = *m_services.review;
    Result<ReviewResult> result =
        verdict == Verdict::Approve    ? review.approve(m_session, requestId, justification, key)
        : verdict == Verdict::Reject   ? review.reject(m_session, requestId, justification, key)
        : verdict == Verdict::Escalate ? review.escalate(m_session, requestId, justification, key)
                                       : review.breakGlass(m_session, requestId, justification, key);
    if (!result) {
        showMessage(result.error().message, true);
        if (reportSuccess)
            refresh();
        return false;
    }
    if (reportSuccess) {
        showMessage(tr("Request %1 is now %2 (%3 of %4 approvals).")
                        .arg(requestId.left(8), actionStatusName(result->status))
                        .arg(result->approvals)
                        .arg(result->requiredApprovals),
                    false);
        m_justification->clear();
        refresh();
    }
    return true;
}

void ReviewQueuePage::showDetail()
{
    const QString id = currentRequestId();
    if (id.isEmpty() || !m_services.review) {
        m_detail->setHtml(tr("<p>Select a request to see what the AI proposes and why.</p>"));
        return;
    }
    auto d = m_services.review->detail(m_session, id);
    if (!d) {
        m_detail->setPlainText(d.error().message);
        return;
    }
    m_detail->setHtml(detailHtml(*d));
}

QString ReviewQueuePage::detailHtml(const ReviewDetail& d) const
{
    const QJsonObject& body = d.request.body;
    const QJsonObject& decision = d.request.decision;
    QString h;
    h += QStringLiteral("<h3>%1 → %2</h3>").arg(esc(d.request.actionType), esc(d.request.target));
    h += QStringLiteral("<p><b>%1</b> · %2 · %3<br>")
             .arg(severityTierCode(d.reviewCase.tier), esc(actionStatusName(d.request.status)),
                  tr("%1 of %2 approvals (roles: %3)")
                      .arg(d.approvals)
                      .arg(d.reviewCase.requiredApprovals)
                      .arg(esc(d.reviewCase.requiredRoles.join(QStringLiteral(", ")))));
    h += tr("Expires %1 · SLA %2%3")
             .arg(utcText(d.reviewCase.expiresAt), utcText(d.reviewCase.slaDueAt),
                  d.overdue ? tr(" · <span style='color:#b02020'><b>overdue</b></span>") : QString());
    if (d.reviewCase.escalatedAt.isValid())
        h += tr("<br>Escalated to managers by %1 at %2")
                 .arg(esc(d.reviewCase.escalatedBy), utcText(d.reviewCase.escalatedAt));
    h += QStringLiteral("</p>");
    h += tr("<h4>Recommendation</h4><p>%1</p>")
             .arg(esc(body.value(QStringLiteral("recommendation")).toString()));
    h += tr("<p>Confidence %1 · risk %2 · target sensitivity %3 · environment %4%5</p>")
             .arg(QString::number(body.value(QStringLiteral("confidence")).toDouble(), 'f', 2))
             .arg(body.value(QStringLiteral("risk_score")).toInt())
             .arg(esc(body.value(QStringLiteral("target_sensitivity")).toString()),
                  esc(body.value(QStringLiteral("environment")).toString()),
                  body.value(QStringLiteral("on_behalf_of")).toString().isEmpty()
                      ? QString()
                      : tr(" · on behalf of %1")
                            .arg(esc(body.value(QStringLiteral("on_behalf_of")).toString())));
    h += tr("<h4>Parameters</h4>") + jsonHtml(body.value(QStringLiteral("parameters")).toObject());
    h += tr("<h4>Reversibility</h4><p>%1. Rollback plan: %2</p>")
             .arg(body.value(QStringLiteral("reversible")).toBool(true) ? tr("Reversible")
                                                                        : tr("Not reversible"),
                  esc(body.value(QStringLiteral("rollback_plan")).toString().isEmpty()
                          ? tr("none given")
                          : body.value(QStringLiteral("rollback_plan")).toString()));
    h += tr("<h4>Policy</h4><p>Version %1 · matched %2 · triggers %3</p>")
             .arg(esc(d.request.policyVersion.left(12)),
                  esc(decision.value(QStringLiteral("matched_rules"))
                          .toVariant()
                          .toStringList()
                          .join(QStringLiteral(", "))),
                  esc(decision.value(QStringLiteral("triggers"))
                          .toVariant()
                          .toStringList()
                          .join(QStringLiteral(", "))));
    const QJsonArray explanation = decision.value(QStringLiteral("explanation")).toArray();
    if (!explanation.isEmpty()) {
        h += QStringLiteral("<ul>");
        for (const auto& v : explanation) {
            const QJsonObject c = v.toObject();
            h +=
                QStringLiteral("<li>%1 %2: %3</li>")
                    .arg(c.value(QStringLiteral("held")).toBool() ? QStringLiteral("✔") : QStringLiteral("✘"),
                         esc(c.value(QStringLiteral("rule")).toString()),
                         esc(c.value(QStringLiteral("detail")).toString()));
        }
        h += QStringLiteral("</ul>");
    }
    h += tr("<h4>Path</h4><p>%1 (%2), owner <b>%3</b></p>")
             .arg(esc(d.path ? d.path->name : d.request.pathId), esc(d.request.pathId),
                  esc(d.path ? d.path->owner : tr("unknown")));
    if (!d.pathHistory.isEmpty()) {
        h += tr("<p>Recent decisions:</p><ul>");
        for (const ActionRecord& r : d.pathHistory)
            h += QStringLiteral("<li>%1 · %2 %3 → %4</li>")
                     .arg(utcText(r.receivedAt), esc(r.actionType), esc(r.target),
                          esc(actionStatusName(r.status)));
        h += QStringLiteral("</ul>");
    }
    h += tr("<h4>Blast radius</h4>") + graphHtml(d);
    h += tr("<h4>Reviewers</h4><p>Eligible now: %1</p>")
             .arg(d.eligibleReviewers.isEmpty() ? tr("nobody")
                                                : esc(d.eligibleReviewers.join(QStringLiteral(", "))));
    if (!d.reviews.isEmpty()) {
        h += QStringLiteral("<ul>");
        for (const ReviewEntry& e : d.reviews)
            h += QStringLiteral("<li>%1 · <b>%2</b> %3: “%4” (signed %5)</li>")
                     .arg(utcText(e.createdAt), esc(e.reviewer), esc(reviewVerdictName(e.verdict)),
                          esc(e.justification), esc(e.keyId));
        h += QStringLiteral("</ul>");
    } else {
        h += tr("<p>Nobody has acted yet.</p>");
    }
    if (d.breakGlass)
        h += tr("<p><b>Break-glass</b> by %1: %2 — %3</p>")
                 .arg(esc(d.breakGlass->approvedBy), esc(d.breakGlass->reason),
                      d.breakGlass->reviewedBy.isEmpty()
                          ? tr("awaiting a manager's review")
                          : tr("reviewed by %1").arg(esc(d.breakGlass->reviewedBy)));
    h += credentialSection(m_services.credentials, d.request.id, m_services.clock.now());
    return h;
}

} // namespace gatehouse
