#include "PoliciesPage.h"

#include <QApplication>
#include <QDateEdit>
#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "Clock.h"
#include "CountText.h"
#include "PolicyJson.h"
#include "PolicyService.h"
#include "UserInteraction.h"
#include "UtcText.h"

namespace gatehouse {

namespace {

constexpr int kLineRole = Qt::UserRole;

QString joined(const QStringList& items)
{
    return items.join(QStringLiteral(", "));
}

template <typename T, typename F> QString joinedNames(const QList<T>& items, F name)
{
    QStringList out;
    for (const T& item : items)
        out << name(item);
    return joined(out);
}

QString rangeText(const QString& name, const PolicyRange& range)
{
    if (range.min && range.max)
        return QStringLiteral("%1 %2–%3").arg(name).arg(*range.min).arg(*range.max);
    if (range.min)
        return QStringLiteral("%1 ≥ %2").arg(name).arg(*range.min);
    if (range.max)
        return QStringLiteral("%1 ≤ %2").arg(name).arg(*range.max);
    return name;
}

/// One line per rule for the table: every condition present, in the order of docs/policy.md.
QString conditionsSummary(const PolicyConditions& c)
{
    QStringList parts;
    if (c.pathIds)
        parts << QStringLiteral("paths: ") + joined(*c.pathIds);
    if (c.tiers)
        parts << QStringLiteral("tiers: ") + joinedNames(*c.tiers, severityTierCode);
    if (c.actionTypes)
        parts << QStringLiteral("actions: ") + joined(*c.actionTypes);
    if (c.environments)
        parts << QStringLiteral("env: ") + joined(*c.environments);
    if (c.targets)
        parts << QStringLiteral("targets: ") + joined(*c.targets);
    if (c.confidence)
        parts << rangeText(QStringLiteral("confidence"), *c.confidence);
    if (c.riskScore)
        parts << rangeText(QStringLiteral("risk"), *c.riskScore);
    if (c.sensitivities)
        parts << QStringLiteral("sensitivity: ") + joinedNames(*c.sensitivities, targetSensitivityName);
    if (c.minSensitivity)
        parts << QStringLiteral("sensitivity ≥ ") + targetSensitivityName(*c.minSensitivity);
    if (c.reversible)
        parts << (*c.reversible ? QStringLiteral("reversible") : QStringLiteral("irreversible"));
    if (c.pathReversibility)
        parts << QStringLiteral("path reversibility: ") +
                     joinedNames(*c.pathReversibility, reversibilityName);
    if (c.triggersAny)
        parts << QStringLiteral("any of: ") + joined(*c.triggersAny);
    if (c.triggersAll)
        parts << QStringLiteral("all of: ") + joined(*c.triggersAll);
    if (c.triggersNone)
        parts << QStringLiteral("none of: ") + joined(*c.triggersNone);
    if (c.timeWindow)
        parts << QStringLiteral("within ") + c.timeWindow->describe();
    return parts.isEmpty() ? QStringLiteral("every request") : parts.join(QStringLiteral("; "));
}

QString outcomeText(const PolicyOutcomeSpec& spec)
{
    const QString name = policyOutcomeName(spec.outcome);
    switch (spec.outcome) {
    case PolicyOutcome::AllowSampled:
        return QStringLiteral("%1 (%2%)").arg(name).arg(spec.sampleRate * 100.0);
    case PolicyOutcome::Review:
        return spec.review.approvals > 1
                   ? QStringLiteral("%1 (%2 approvals)").arg(name).arg(spec.review.approvals)
                   : name;
    case PolicyOutcome::Allow:
    case PolicyOutcome::Deny:
        break;
    }
    return name;
}

QColor outcomeColor(PolicyOutcome outcome)
{
    switch (outcome) {
    case PolicyOutcome::Allow:
        return {0x1d, 0x6b, 0x2a};
    case PolicyOutcome::AllowSampled:
        return {0x2e, 0x6b, 0x8a};
    case PolicyOutcome::Review:
        return {0x9a, 0x5b, 0x00};
    case PolicyOutcome::Deny:
        return {0x8a, 0x11, 0x11};
    }
    return {};
}

} // namespace

PoliciesPage::PoliciesPage(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                           QWidget* parent)
    : ConsolePage(parent), m_services(std::move(services)), m_session(std::move(session)),
      m_interaction(interaction), m_versionLabel(new QLabel(this)), m_error(new QLabel(this)),
      m_rules(new QTreeWidget(this)), m_editor(new QPlainTextEdit(this)),
      m_validateButton(new QPushButton(tr("Validate"), this)),
      m_publishButton(new QPushButton(tr("Publish"), this)),
      m_revertButton(new QPushButton(tr("Revert to version in force"), this)),
      m_issueSummary(new QLabel(this)), m_issues(new QListWidget(this)), m_from(new QDateEdit(this)),
      m_to(new QDateEdit(this)), m_whatIfButton(new QPushButton(tr("Run what-if against this draft"), this)),
      m_whatIfSummary(new QLabel(this)), m_whatIfList(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("policiesPage"));

    // Left: the version in force and its rules.
    auto* inForce = new QGroupBox(tr("Policy in force"), this);
    auto* inForceLayout = new QVBoxLayout(inForce);
    m_versionLabel->setObjectName(QStringLiteral("policyVersionLabel"));
    m_versionLabel->setWordWrap(true);
    m_versionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rules->setObjectName(QStringLiteral("policyRules"));
    m_rules->setRootIsDecorated(false);
    m_rules->setAlternatingRowColors(true);
    m_rules->setWordWrap(true);
    m_rules->setHeaderLabels({tr("Rule"), tr("Outcome"), tr("Conditions"), tr("Description")});
    m_rules->header()->setStretchLastSection(true);
    inForceLayout->addWidget(m_versionLabel);
    inForceLayout->addWidget(m_rules, 1);

    // Right, top: the draft editor.
    auto* draft = new QGroupBox(tr("Draft (JSON, docs/policy.md)"), this);
    auto* draftLayout = new QVBoxLayout(draft);
    m_editor->setObjectName(QStringLiteral("policyEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(false);
    m_validateButton->setObjectName(QStringLiteral("validateButton"));
    m_publishButton->setObjectName(QStringLiteral("publishButton"));
    m_publishButton->setToolTip(tr("Validate and put this draft in force (administrators)"));
    m_revertButton->setObjectName(QStringLiteral("revertButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_validateButton);
    buttons->addWidget(m_publishButton);
    buttons->addStretch(1);
    buttons->addWidget(m_revertButton);
    draftLayout->addWidget(m_editor, 1);
    draftLayout->addLayout(buttons);

    // Right, middle: validation issues.
    auto* issues = new QGroupBox(tr("Validation"), this);
    auto* issuesLayout = new QVBoxLayout(issues);
    m_issueSummary->setObjectName(QStringLiteral("issueSummary"));
    m_issueSummary->setText(tr("Not validated yet."));
    m_issues->setObjectName(QStringLiteral("issueList"));
    m_issues->setWordWrap(true);
    m_issues->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    issuesLayout->addWidget(m_issueSummary);
    issuesLayout->addWidget(m_issues, 1);

    // Right, bottom: what-if.
    auto* whatIf = new QGroupBox(tr("What-if: replay recorded requests against the draft"), this);
    auto* whatIfLayout = new QVBoxLayout(whatIf);
    const QDate today = m_services.clock.now().toUTC().date();
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    m_from->setObjectName(QStringLiteral("whatIfFrom"));
    m_to->setObjectName(QStringLiteral("whatIfTo"));
    m_from->setDate(today.addDays(-7));
    m_to->setDate(today);
    m_whatIfButton->setObjectName(QStringLiteral("whatIfButton"));
    auto* period = new QHBoxLayout;
    period->addWidget(new QLabel(tr("From"), whatIf));
    period->addWidget(m_from);
    period->addWidget(new QLabel(tr("to"), whatIf));
    period->addWidget(m_to);
    period->addWidget(new QLabel(tr("(UTC days, inclusive)"), whatIf));
    period->addStretch(1);
    period->addWidget(m_whatIfButton);
    m_whatIfSummary->setObjectName(QStringLiteral("whatIfSummary"));
    m_whatIfSummary->setWordWrap(true);
    m_whatIfSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_whatIfList->setObjectName(QStringLiteral("whatIfList"));
    m_whatIfList->setRootIsDecorated(false);
    m_whatIfList->setAlternatingRowColors(true);
    m_whatIfList->setHeaderLabels(
        {tr("Request"), tr("Path"), tr("Action"), tr("Current → draft"), tr("Status")});
    whatIfLayout->addLayout(period);
    whatIfLayout->addWidget(m_whatIfSummary);
    whatIfLayout->addWidget(m_whatIfList, 1);

    // The rules table spans the page (four columns need the width); below it the draft
    // editor beside its validation issues and the what-if replay.
    auto* checks = new QSplitter(Qt::Vertical, this);
    checks->addWidget(issues);
    checks->addWidget(whatIf);
    checks->setStretchFactor(0, 1);
    checks->setStretchFactor(1, 2);
    checks->setChildrenCollapsible(false);

    auto* editing = new QSplitter(Qt::Horizontal, this);
    editing->addWidget(draft);
    editing->addWidget(checks);
    editing->setStretchFactor(0, 1);
    editing->setStretchFactor(1, 1);
    editing->setSizes({1000, 1000});
    editing->setChildrenCollapsible(false);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(inForce);
    split->addWidget(editing);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setSizes({400, 600});
    split->setChildrenCollapsible(false);

    m_error->setObjectName(QStringLiteral("policiesError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(split, 1);

    connect(m_validateButton, &QPushButton::clicked, this, [this] { validateDraft(); });
    connect(m_publishButton, &QPushButton::clicked, this, [this] { publishDraft(); });
    connect(m_revertButton, &QPushButton::clicked, this, [this] { loadEditor(m_publishedSource); });
    connect(m_whatIfButton, &QPushButton::clicked, this, &PoliciesPage::runWhatIf);
    connect(m_issues, &QListWidget::itemClicked, this, &PoliciesPage::onIssueActivated);
    connect(m_issues, &QListWidget::itemActivated, this, &PoliciesPage::onIssueActivated);
}

void PoliciesPage::refresh()
{
    QStringList errors;
    m_rules->clear();
    m_shownHash.clear();
    auto current = m_services.policy.show(m_session);
    if (!current) {
        errors << current.error().message;
        m_versionLabel->setText(tr("No policy could be read."));
    } else {
        const PolicyVersionRecord& v = *current;
        m_shownHash = v.hash;
        QString versions;
        if (auto history = m_services.policy.history(m_session))
            versions = countText(history->size(), tr("%1 version published"), tr("%1 versions published"));
        else
            errors << history.error().message;
        m_versionLabel->setText(tr("<b>%1</b> · version %2…<br>published by %3 on %4<br>%5 · %6")
                                    .arg(v.label.toHtmlEscaped(), v.hash.left(16),
                                         v.publishedBy.toHtmlEscaped(), utcText(v.publishedAt),
                                         countText(v.ruleCount, tr("%1 rule"), tr("%1 rules")), versions));
        m_versionLabel->setToolTip(tr("SHA-256 of the RFC 8785 form: %1").arg(v.hash));

        m_publishedSource = v.source.isEmpty() ? v.body : v.source;
        const PolicyParseResult parsed = PolicyJson::parse(m_publishedSource);
        if (parsed.policy) {
            for (const PolicyRule& rule : parsed.policy->rules) {
                auto* item = new QTreeWidgetItem(m_rules, {rule.id, outcomeText(rule.then),
                                                           conditionsSummary(rule.when), rule.description});
                item->setForeground(1, outcomeColor(rule.then.outcome));
                item->setToolTip(2, item->text(2));
                item->setToolTip(3, rule.description);
            }
        } else {
            errors << tr("The policy in force could not be read back for display.");
        }
        m_rules->resizeColumnToContents(0);
        m_rules->resizeColumnToContents(1);
        m_rules->resizeColumnToContents(2);
        m_rules->setColumnWidth(2, qMin(m_rules->columnWidth(2), 480));
        if (!m_editor->document()->isModified())
            loadEditor(m_publishedSource);
    }
    m_error->setText(errors.join(QLatin1Char('\n')));
    m_error->setVisible(!errors.isEmpty());
}

void PoliciesPage::loadEditor(const QByteArray& source)
{
    m_editor->setPlainText(QString::fromUtf8(source));
    m_editor->document()->setModified(false);
    m_editor->setExtraSelections({});
    m_issues->clear();
    m_issueSummary->setText(tr("Not validated yet."));
}

QList<PolicyIssue> PoliciesPage::validateDraft()
{
    auto result = m_services.policy.validate(m_session, m_editor->toPlainText().toUtf8());
    if (!result) {
        m_interaction.showError(this, tr("Validate policy"), result.error().message);
        return {};
    }
    showIssues(result->issues);
    return result->issues;
}

void PoliciesPage::showIssues(const QList<PolicyIssue>& issues)
{
    m_issues->clear();
    m_editor->setExtraSelections({});
    int errorCount = 0;
    for (const PolicyIssue& issue : issues) {
        auto* item = new QListWidgetItem(issue.toString(), m_issues);
        item->setData(kLineRole, issue.line);
        item->setToolTip(issue.toString());
        if (issue.isError()) {
            ++errorCount;
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxCritical));
            item->setForeground(QColor(0x8a, 0x11, 0x11));
        } else {
            item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
        }
    }
    const auto warnings = static_cast<int>(issues.size()) - errorCount;
    if (issues.isEmpty())
        m_issueSummary->setText(tr("Valid: no errors, no warnings."));
    else
        m_issueSummary->setText(tr("%1, %2.").arg(countText(errorCount, tr("%1 error"), tr("%1 errors")),
                                                  countText(warnings, tr("%1 warning"), tr("%1 warnings"))));
}

void PoliciesPage::onIssueActivated(QListWidgetItem* item)
{
    if (item)
        goToLine(item->data(kLineRole).toInt());
}

void PoliciesPage::goToLine(int line)
{
    if (line <= 0)
        return;
    const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    m_editor->setTextCursor(cursor);
    m_editor->centerCursor();
    m_editor->setFocus(Qt::OtherFocusReason);

    QTextEdit::ExtraSelection mark;
    mark.cursor = cursor;
    mark.format.setBackground(QColor(0xff, 0xf0, 0xb3));
    mark.format.setProperty(QTextFormat::FullWidthSelection, true);
    m_editor->setExtraSelections({mark});
}

bool PoliciesPage::publishDraft()
{
    if (!m_interaction.confirm(this, tr("Publish policy"),
                               tr("Put this draft in force for every request decided from now on?")))
        return false;
    const QByteArray text = m_editor->toPlainText().toUtf8();
    auto published = m_services.policy.publish(m_session, text);
    if (!published) {
        // Line-accurate issues are more useful than the message alone.
        if (published.error().code == ErrorCode::InvalidInput)
            validateDraft();
        m_interaction.showError(this, tr("Publish policy"), published.error().message);
        return false;
    }
    m_editor->document()->setModified(false);
    refresh();
    showIssues(published->warnings);
    m_interaction.showInfo(
        this, tr("Publish policy"),
        tr("Version %1… (%2) is in force.").arg(published->version.hash.left(16), published->version.label));
    return true;
}

void PoliciesPage::runWhatIf()
{
    const QDateTime from(m_from->date(), QTime(0, 0), Qt::UTC);
    const QDateTime to(m_to->date(), QTime(23, 59, 59, 999), Qt::UTC);
    if (to < from) {
        m_interaction.showError(this, tr("What-if"), tr("The period ends before it starts."));
        return;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto report = m_services.policy.whatIf(m_session, m_editor->toPlainText().toUtf8(), from, to);
    QApplication::restoreOverrideCursor();
    m_whatIfList->clear();
    if (!report) {
        m_whatIfSummary->clear();
        m_interaction.showError(this, tr("What-if"), report.error().message);
        return;
    }
    const WhatIfReport& r = *report;
    for (const WhatIfChange& c : r.changes) {
        auto* item = new QTreeWidgetItem(
            m_whatIfList,
            {c.requestId, c.pathId, c.actionType,
             QStringLiteral("%1 → %2").arg(policyOutcomeName(c.recorded), policyOutcomeName(c.draft)),
             c.status});
        item->setForeground(3, outcomeColor(c.draft));
        item->setToolTip(0, tr("Target %1, received %2; draft rules: %3")
                                .arg(c.target, utcText(c.receivedAt), joined(c.draftRules)));
    }
    for (int col = 0; col < m_whatIfList->columnCount(); ++col)
        m_whatIfList->resizeColumnToContents(col);
    QString summary =
        tr("Replayed %1 (%2 skipped): %3 would change.")
            .arg(countText(r.replayed, tr("%1 request"), tr("%1 requests")))
            .arg(r.skipped)
            .arg(countText(static_cast<qint64>(r.changes.size()), tr("%1 outcome"), tr("%1 outcomes")));
    summary += QLatin1Char(' ') + tr("Of %1 decided by a human, the draft would have auto-allowed %2 that a "
                                     "human rejected and queued %3 that humans approved.")
                                      .arg(r.humanDecided)
                                      .arg(r.wouldAllowHumanRejected)
                                      .arg(r.wouldQueueHumanApproved);
    m_whatIfSummary->setText(summary);
}

QString PoliciesPage::versionText() const
{
    return m_versionLabel->text();
}

QString PoliciesPage::whatIfSummaryText() const
{
    return m_whatIfSummary->text();
}

} // namespace gatehouse
