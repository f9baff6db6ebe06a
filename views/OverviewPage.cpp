#include "OverviewPage.h"

#include "ReviewService.h"

#include <algorithm>

#include <QApplication>
#include <QCheckBox>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "CountText.h"
#include "AuditLedger.h"
#include "CatalogueService.h"
#include "Clock.h"
#include "IntakeGateway.h"
#include "WebhookService.h"

namespace gatehouse {

namespace {

const QString kUnsetTier = QStringLiteral("unset");

QString tierKey(const std::optional<SeverityTier>& tier)
{
    return tier ? severityTierCode(*tier) : kUnsetTier;
}

} // namespace

OverviewPage::OverviewPage(ConsoleServices services, OperatorSession session, QWidget* parent)
    : ConsolePage(parent), m_services(std::move(services)), m_session(std::move(session)),
      m_overdueList(new QTreeWidget(this)), m_overdueSummary(new QLabel(this)),
      m_ledgerLabel(new QLabel(this)), m_verifyLabel(new QLabel(this)),
      m_verifyButton(new QPushButton(tr("Verify ledger"), this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("overviewPage"));

    auto* tiers = new QGroupBox(tr("Decision paths by severity tier"), this);
    auto* tierRow = new QHBoxLayout(tiers);
    for (SeverityTier tier : {SeverityTier::T0, SeverityTier::T1, SeverityTier::T2, SeverityTier::T3})
        tierRow->addWidget(addCard(severityTierCode(tier),
                                   severityTierCode(tier) + QLatin1Char(' ') + severityTierLabel(tier),
                                   tiers));
    tierRow->addWidget(addCard(kUnsetTier, tr("tier not chosen"), tiers));

    auto* statuses = new QGroupBox(tr("Decision paths by status"), this);
    auto* statusRow = new QHBoxLayout(statuses);
    for (PathStatus status :
         {PathStatus::Draft, PathStatus::Active, PathStatus::Suspended, PathStatus::Retired})
        statusRow->addWidget(addCard(pathStatusName(status), pathStatusName(status), statuses));

    auto* overdue = new QGroupBox(tr("Reviews overdue"), this);
    auto* overdueLayout = new QVBoxLayout(overdue);
    m_overdueSummary->setObjectName(QStringLiteral("overdueSummary"));
    m_overdueList->setObjectName(QStringLiteral("overdueList"));
    m_overdueList->setRootIsDecorated(false);
    m_overdueList->setAlternatingRowColors(true);
    m_overdueList->setSelectionMode(QAbstractItemView::NoSelection);
    m_overdueList->setHeaderLabels({tr("ID"), tr("Name"), tr("Owner"), tr("Review due"), tr("Overdue by")});
    overdueLayout->addWidget(m_overdueSummary);
    overdueLayout->addWidget(m_overdueList, 1);

    auto* ledger = new QGroupBox(tr("Audit ledger"), this);
    auto* ledgerLayout = new QHBoxLayout(ledger);
    auto* ledgerText = new QVBoxLayout;
    m_ledgerLabel->setObjectName(QStringLiteral("ledgerLabel"));
    m_verifyLabel->setObjectName(QStringLiteral("verifyLabel"));
    m_verifyLabel->setWordWrap(true);
    m_verifyLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verifyLabel->setText(tr("Not verified in this session."));
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    m_verifyButton->setToolTip(tr("Recompute the SHA-256 hash chain over every event"));
    ledgerText->addWidget(m_ledgerLabel);
    ledgerText->addWidget(m_verifyLabel);
    ledgerLayout->addLayout(ledgerText, 1);
    ledgerLayout->addWidget(m_verifyButton, 0, Qt::AlignTop);

    m_error->setObjectName(QStringLiteral("overviewError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(tiers);
    layout->addWidget(statuses);
    layout->addWidget(ledger);
    if (m_services.gateway)
        layout->addWidget(buildGatewayBox());
    if (m_services.review) {
        auto* breakGlass = new QGroupBox(tr("Break-glass approvals awaiting a manager's review"), this);
        auto* bgLayout = new QVBoxLayout(breakGlass);
        m_breakGlassSummary = new QLabel(breakGlass);
        m_breakGlassSummary->setObjectName(QStringLiteral("breakGlassSummary"));
        m_breakGlassList = new QTreeWidget(breakGlass);
        m_breakGlassList->setObjectName(QStringLiteral("breakGlassList"));
        m_breakGlassList->setRootIsDecorated(false);
        m_breakGlassList->setSelectionMode(QAbstractItemView::NoSelection);
        m_breakGlassList->setHeaderLabels({tr("Request"), tr("Approved by"), tr("At (UTC)"), tr("Reason")});
        m_breakGlassList->setMaximumHeight(m_breakGlassList->fontMetrics().height() * 7);
        bgLayout->addWidget(m_breakGlassSummary);
        bgLayout->addWidget(m_breakGlassList);
        layout->addWidget(breakGlass);
    }
    if (m_services.webhooks)
        layout->addWidget(buildWebhooksBox());
    layout->addWidget(overdue, 1);

    connect(m_verifyButton, &QPushButton::clicked, this, &OverviewPage::verifyLedger);
}

QWidget* OverviewPage::buildGatewayBox()
{
    auto* box = new QGroupBox(tr("Intake gateway"), this);
    auto* boxLayout = new QVBoxLayout(box);
    auto* row = new QHBoxLayout;
    m_gatewaySwitch = new QCheckBox(tr("Run intake gateway in this console"), box);
    m_gatewaySwitch->setObjectName(QStringLiteral("gatewaySwitch"));
    m_gatewaySwitch->setToolTip(
        tr("Serve the intake API (HTTPS, mutual TLS) from this console while it runs"));
    m_listenEdit = new QLineEdit(QStringLiteral("127.0.0.1:8443"), box);
    m_listenEdit->setObjectName(QStringLiteral("listenEdit"));
    m_listenEdit->setToolTip(tr("HOST:PORT, [v6]:PORT or :PORT for all interfaces"));
    m_listenEdit->setMaximumWidth(
        m_listenEdit->fontMetrics().horizontalAdvance(QStringLiteral("[::1]:65535__")) + 24);
    row->addWidget(m_gatewaySwitch);
    row->addWidget(new QLabel(tr("on"), box));
    row->addWidget(m_listenEdit);
    row->addStretch(1);
    m_gatewayLabel = new QLabel(box);
    m_gatewayLabel->setObjectName(QStringLiteral("gatewayLabel"));
    m_gatewayLabel->setWordWrap(true);
    m_gatewayLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    boxLayout->addLayout(row);
    boxLayout->addWidget(m_gatewayLabel);

    connect(m_gatewaySwitch, &QCheckBox::toggled, this, &OverviewPage::onGatewaySwitched);
    connect(m_services.gateway, &IntakeGateway::stateChanged, this, &OverviewPage::showGatewayState);
    showGatewayState();
    return box;
}

void OverviewPage::onGatewaySwitched(bool on)
{
    IntakeGateway* gateway = m_services.gateway;
    if (!on) {
        if (gateway->state() == IntakeGateway::State::Listening)
            gateway->stop();
        showGatewayState();
        return;
    }
    if (gateway->state() == IntakeGateway::State::Listening) {
        showGatewayState();
        return;
    }
    // Who may run it is the service's decision; its refusal is shown as it words it.
    const auto started = gateway->start(m_session, m_listenEdit->text().trimmed());
    showGatewayState();
    if (!started) {
        // A bad address fails before the gateway changes state; show that message too.
        m_gatewayLabel->setText(tr("Not running: %1").arg(started.error().message));
        m_gatewayLabel->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    }
}

void OverviewPage::showGatewayState()
{
    const IntakeGateway* gateway = m_services.gateway;
    const bool listening = gateway->state() == IntakeGateway::State::Listening;
    {
        const QSignalBlocker block(m_gatewaySwitch);
        m_gatewaySwitch->setChecked(listening);
    }
    m_listenEdit->setEnabled(!listening);
    switch (gateway->state()) {
    case IntakeGateway::State::Listening:
        m_gatewayLabel->setText(
            tr("Listening on %1:%2.").arg(gateway->address().toString()).arg(gateway->port()));
        m_gatewayLabel->setStyleSheet(QStringLiteral("QLabel { color: #1d6b2a; }"));
        break;
    case IntakeGateway::State::Failed:
        m_gatewayLabel->setText(tr("Not running: %1").arg(gateway->lastError()));
        m_gatewayLabel->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
        break;
    case IntakeGateway::State::Stopped:
        m_gatewayLabel->setText(tr("Stopped."));
        m_gatewayLabel->setStyleSheet({});
        break;
    }
}

QWidget* OverviewPage::buildWebhooksBox()
{
    auto* box = new QGroupBox(tr("Webhooks"), this);
    auto* boxLayout = new QVBoxLayout(box);
    m_webhooksLabel = new QLabel(box);
    m_webhooksLabel->setObjectName(QStringLiteral("webhooksLabel"));
    m_webhookErrors = new QLabel(box);
    m_webhookErrors->setObjectName(QStringLiteral("webhookErrors"));
    m_webhookErrors->setWordWrap(true);
    m_webhookErrors->setTextFormat(Qt::PlainText);
    m_webhookErrors->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_webhookErrors->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    m_webhookErrors->hide();
    boxLayout->addWidget(m_webhooksLabel);
    boxLayout->addWidget(m_webhookErrors);
    return box;
}

void OverviewPage::showWebhooks(QStringList& errors)
{
    if (!m_services.webhooks)
        return;
    auto health = m_services.webhooks->health();
    if (!health) {
        errors << health.error().message;
        return;
    }
    if (health->endpoints.isEmpty()) {
        m_webhooksLabel->setText(tr("Webhooks: none configured."));
        m_webhookErrors->hide();
        return;
    }
    QString line = tr("Webhooks: %1 pending, %2 failed").arg(health->pending).arg(health->failed);
    if (health->dropped > 0)
        line += tr(" (%1 dropped: backlog full)").arg(health->dropped);
    m_webhooksLabel->setText(line + QLatin1Char('.'));
    QStringList problems;
    for (const WebhookEndpointHealth& e : std::as_const(health->endpoints))
        if (!e.lastError.isEmpty() && (e.pending > 0 || e.failed > 0))
            problems << tr("%1: %2").arg(e.name, e.lastError);
    m_webhookErrors->setText(problems.join(QLatin1Char('\n')));
    m_webhookErrors->setVisible(!problems.isEmpty());
}

QString OverviewPage::webhooksText() const
{
    return m_webhooksLabel ? m_webhooksLabel->text() : QString();
}

QString OverviewPage::webhookErrorsText() const
{
    return m_webhookErrors ? m_webhookErrors->text() : QString();
}

QString OverviewPage::gatewayText() const
{
    return m_gatewayLabel ? m_gatewayLabel->text() : QString();
}

QWidget* OverviewPage::addCard(const QString& key, const QString& caption, QWidget* parent)
{
    auto* card = new QFrame(parent);
    card->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(card);
    auto* number = new QLabel(QStringLiteral("0"), card);
    number->setObjectName(QStringLiteral("count_") + key);
    QFont big = number->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    number->setFont(big);
    number->setAlignment(Qt::AlignCenter);
    auto* label = new QLabel(caption, card);
    label->setAlignment(Qt::AlignCenter);
    label->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(number);
    layout->addWidget(label);
    m_counts.insert(key, number);
    return card;
}

void OverviewPage::refresh()
{
    QStringList errors;
    QHash<QString, int> counts;
    m_overdueList->clear();
    if (auto paths = m_services.catalogue.list(m_session)) {
        const QDate today = m_services.clock.now().date();
        QList<DecisionPath> overdue;
        for (const DecisionPath& p : std::as_const(*paths)) {
            ++counts[tierKey(p.tier)];
            ++counts[pathStatusName(p.status)];
            if (p.status != PathStatus::Retired && p.isReviewOverdue(today))
                overdue.append(p);
        }
        std::sort(overdue.begin(), overdue.end(), [](const DecisionPath& a, const DecisionPath& b) {
            return a.nextReviewDate < b.nextReviewDate;
        });
        for (const DecisionPath& p : std::as_const(overdue)) {
            const qint64 days = p.nextReviewDate.daysTo(today);
            auto* item =
                new QTreeWidgetItem(m_overdueList, {p.id, p.name, p.owner.isEmpty() ? tr("none") : p.owner,
                                                    p.nextReviewDate.toString(Qt::ISODate),
                                                    countText(days, tr("%1 day"), tr("%1 days"))});
            item->setData(0, Qt::UserRole, p.id);
            item->setForeground(4, QColor(0xb0, 0x1c, 0x1c));
            item->setTextAlignment(4, Qt::AlignRight | Qt::AlignVCenter);
        }
        for (int c = 0; c < m_overdueList->columnCount(); ++c)
            m_overdueList->resizeColumnToContents(c);
        m_overdueSummary->setText(
            overdue.isEmpty() ? tr("No decision path is past its review date.")
                              : countText(overdue.size(), tr("%1 decision path is past its review date:"),
                                          tr("%1 decision paths are past their review date:")));
    } else {
        errors << paths.error().message;
    }
    for (auto it = m_counts.cbegin(); it != m_counts.cend(); ++it)
        it.value()->setText(QString::number(counts.value(it.key())));

    if (auto count = m_services.ledger.count())
        m_ledgerLabel->setText(countText(*count, tr("%1 event recorded."), tr("%1 events recorded.")));
    else
        errors << count.error().message;
    showWebhooks(errors);

    if (m_services.review && m_breakGlassList) {
        m_breakGlassList->clear();
        auto open = m_services.review->openBreakGlass(m_session);
        if (open) {
            for (const BreakGlassFollowUp& f : *open)
                new QTreeWidgetItem(m_breakGlassList,
                                    {f.requestId, f.approvedBy,
                                     f.openedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                     f.reason});
            for (int c = 0; c < m_breakGlassList->columnCount() - 1; ++c)
                m_breakGlassList->resizeColumnToContents(c);
            m_breakGlassSummary->setText(
                open->isEmpty() ? tr("No break-glass approval is waiting for review.")
                                : countText(open->size(),
                                            tr("%1 break-glass approval needs a manager's review "
                                               "(gatehousectl review close-follow-up):"),
                                            tr("%1 break-glass approvals need a manager's review "
                                               "(gatehousectl review close-follow-up):")));
        } else {
            errors << open.error().message;
        }
    }

    m_error->setText(errors.join(QLatin1Char('\n')));
    m_error->setVisible(!errors.isEmpty());
}

QString OverviewPage::breakGlassText() const
{
    return m_breakGlassSummary ? m_breakGlassSummary->text() : QString();
}

void OverviewPage::verifyLedger()
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto result = m_services.ledger.verify();
    QApplication::restoreOverrideCursor();
    const QString when = m_services.clock.now().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    if (!result) {
        m_verifyLabel->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
        m_verifyLabel->setText(tr("Verification failed at %1: %2").arg(when, result.error().message));
        return;
    }
    const LedgerVerification& v = *result;
    if (v.intact() && !v.missingProtections.isEmpty()) {
        m_verifyLabel->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; font-weight: bold; }"));
        m_verifyLabel->setText(
            tr("Chain intact at %1 (%2 events), but the append-only protection was removed: "
               "%3 missing")
                .arg(when)
                .arg(v.eventCount)
                .arg(v.missingProtections.join(QStringLiteral(", "))));
    } else if (v.intact() && !v.signatureFailures.isEmpty()) {
        m_verifyLabel->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; font-weight: bold; }"));
        m_verifyLabel->setText(
            tr("Chain intact at %1 (%2 events), but %3 review signature(s) do not hold; first: %4")
                .arg(when)
                .arg(v.eventCount)
                .arg(v.signatureFailures.size())
                .arg(v.signatureFailures.first().detail));
    } else if (v.intact()) {
        m_verifyLabel->setStyleSheet(QStringLiteral("QLabel { color: #1d6b2a; }"));
        m_verifyLabel->setText(tr("Intact at %1: %2 events, last seq %3, head %4…")
                                   .arg(when)
                                   .arg(v.eventCount)
                                   .arg(v.lastSeq)
                                   .arg(QString::fromLatin1(v.headHash.toHex().left(16))));
    } else {
        m_verifyLabel->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; font-weight: bold; }"));
        m_verifyLabel->setText(tr("DAMAGED (checked %1): first bad event %2, %3. %4")
                                   .arg(when)
                                   .arg(v.firstBadSeq)
                                   .arg(ledgerDamageName(v.damage), v.detail));
    }
    refresh();
}

int OverviewPage::shownCount(const QString& key) const
{
    const QLabel* label = m_counts.value(key);
    return label ? label->text().toInt() : -1;
}

QString OverviewPage::ledgerText() const
{
    return m_ledgerLabel->text();
}

QString OverviewPage::verificationText() const
{
    return m_verifyLabel->text();
}

} // namespace gatehouse
