#include "CredentialsPage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include "CatalogueService.h"
#include "Clock.h"
#include "CountText.h"
#include "CredentialFilterModel.h"
#include "CredentialService.h"
#include "CredentialTableModel.h"
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

QString row(const QString& name, const QString& value)
{
    return QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>").arg(esc(name), value);
}

QString code(const QString& text)
{
    return QStringLiteral("<code>%1</code>").arg(esc(text));
}

} // namespace

CredentialsPage::CredentialsPage(ConsoleServices services, OperatorSession session,
                                 UserInteraction& interaction, QWidget* parent)
    : ConsolePage(parent), m_services(std::move(services)), m_session(std::move(session)),
      m_interaction(interaction)
{
    setObjectName(QStringLiteral("credentialsPage"));
    m_model = new CredentialTableModel(this);
    m_proxy = new CredentialFilterModel(this);
    m_proxy->setSourceModel(m_model);

    m_state = new QComboBox(this);
    m_state->setObjectName(QStringLiteral("credentialStateFilter"));
    m_state->addItem(tr("All states"), -1);
    for (CredentialStatus s : {CredentialStatus::Active, CredentialStatus::Expired, CredentialStatus::Used,
                               CredentialStatus::Revoked})
        m_state->addItem(credentialStatusName(s), static_cast<int>(s));
    m_path = new QComboBox(this);
    m_path->setObjectName(QStringLiteral("credentialPathFilter"));
    m_path->addItem(tr("All paths"), QString());
    m_path->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("credentialTextFilter"));
    m_filter->setPlaceholderText(
        tr("Filter: literal text in request, path, action, target, subject, key or jti"));
    m_filter->setClearButtonEnabled(true);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("credentialCount"));
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_state);
    bar->addWidget(m_path);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_count);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("credentialError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    m_error->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("credentialTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CredentialTableModel::IssuedColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics fm = m_table->fontMetrics();
    const int em = fm.horizontalAdvance(QLatin1Char('M'));
    m_table->setColumnWidth(CredentialTableModel::StateColumn,
                            fm.horizontalAdvance(QStringLiteral("revoked")) + em);
    m_table->setColumnWidth(CredentialTableModel::RequestColumn, 6 * em);
    m_table->setColumnWidth(CredentialTableModel::PathColumn, 9 * em);
    m_table->setColumnWidth(CredentialTableModel::ActionColumn, 9 * em);
    m_table->setColumnWidth(CredentialTableModel::TargetColumn, 12 * em);
    m_table->setColumnWidth(
        CredentialTableModel::SubjectColumn,
        fm.horizontalAdvance(
            m_model->headerData(CredentialTableModel::SubjectColumn, Qt::Horizontal).toString()) +
            2 * em);
    const int timeWidth = fm.horizontalAdvance(QStringLiteral("2026-03-10 09:00:00")) + em;
    m_table->setColumnWidth(CredentialTableModel::IssuedColumn, timeWidth);
    m_table->setColumnWidth(CredentialTableModel::ExpiresColumn, timeWidth);
    m_table->setColumnWidth(CredentialTableModel::TimeLeftColumn,
                            fm.horizontalAdvance(tr("Time left")) + 2 * em);
    m_table->setColumnWidth(CredentialTableModel::KidColumn, 7 * em);
    // What an operator scans first sits first: state and time left, then the request.
    m_table->horizontalHeader()->moveSection(CredentialTableModel::TimeLeftColumn, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("credentialStatusLine"));
    m_detail = new QTextBrowser(this);
    m_detail->setObjectName(QStringLiteral("credentialDetail"));
    m_detail->setOpenLinks(false);
    m_revoke = new QPushButton(tr("Revoke…"), this);
    m_revoke->setObjectName(QStringLiteral("revokeCredentialButton"));
    m_revoke->setToolTip(tr("Revoke this credential at once; a reason is required and ledgered."));
    m_suspendPath = new QPushButton(tr("Suspend path (revoke all its credentials)…"), this);
    m_suspendPath->setObjectName(QStringLiteral("suspendPathButton"));
    m_suspendPath->setToolTip(
        tr("Kill switch: suspends the decision path, which revokes every live credential of it in the "
           "same commit and refuses new requests until the path is activated again. There is no "
           "separate per-path revocation for operators."));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("credentialMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_revoke);
    actions->addWidget(m_suspendPath);
    actions->addStretch(1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_status);
    rightLayout->addWidget(m_detail, 1);
    rightLayout->addLayout(actions);
    rightLayout->addWidget(m_message);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({900, 420});

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(splitter, 1);

    connect(m_state, &QComboBox::currentIndexChanged, this, &CredentialsPage::applyFilters);
    connect(m_path, &QComboBox::currentIndexChanged, this, &CredentialsPage::applyFilters);
    connect(m_filter, &QLineEdit::textChanged, this, &CredentialsPage::applyFilters);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showDetail();
        updateButtons();
    });
    connect(m_revoke, &QPushButton::clicked, this, &CredentialsPage::revokeCurrent);
    connect(m_suspendPath, &QPushButton::clicked, this, &CredentialsPage::suspendCurrentPath);
    if (m_services.changes)
        connect(m_services.changes, &WorkspaceChangeWatcher::changed, this, &CredentialsPage::refresh);
    m_ticker = new QTimer(this);
    m_ticker->setInterval(1000);
    connect(m_ticker, &QTimer::timeout, this, &CredentialsPage::tick);
    m_ticker->start();
    showDetail();
    updateButtons();
}

void CredentialsPage::refresh()
{
    const QString current = currentJti();
    QList<Credential> list;
    if (m_services.credentials) {
        CredentialFilter filter;
        filter.limit = kLimit;
        auto loaded = m_services.credentials->list(m_session, filter);
        if (!loaded) {
            m_error->setText(loaded.error().message);
            m_error->show();
        } else {
            m_error->hide();
            list = std::move(*loaded);
        }
    }
    {
        const QSignalBlocker block(m_table->selectionModel());
        m_model->setCredentials(std::move(list), m_services.clock.now());
        rebuildPathChoices();
        const int row = m_model->rowOf(current);
        if (row >= 0) {
            const QModelIndex at = m_proxy->mapFromSource(m_model->index(row, 0));
            if (at.isValid())
                m_table->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
        }
    }
    const int n = m_model->rowCount();
    m_count->setText(
        n >= kLimit ? tr("%1 credentials shown (the listing is limited to %1)").arg(n)
                    : gatehouse::countText(m_proxy->rowCount(), tr("%1 credential"), tr("%1 credentials")));
    showDetail();
    updateButtons();
}

void CredentialsPage::tick()
{
    m_model->setNow(m_services.clock.now());
    updateStatusLine();
    updateButtons();
}

void CredentialsPage::updateStatusLine()
{
    const Credential* c = currentCredential();
    if (!c) {
        m_status->clear();
        return;
    }
    const CredentialStatus state = m_model->effectiveStatus(*c);
    m_status->setText(state == CredentialStatus::Active
                          ? tr("<b>active</b> · %1 left").arg(timeLeftText(m_model->secondsLeft(*c)))
                          : tr("<b>%1</b>").arg(credentialStatusName(state)));
}

void CredentialsPage::rebuildPathChoices()
{
    const QString chosen = m_path->currentData().toString();
    QSet<QString> seen;
    QStringList paths;
    for (const Credential& c : m_model->credentials()) {
        if (!seen.contains(c.pathId)) {
            seen.insert(c.pathId);
            paths.append(c.pathId);
        }
    }
    // A chosen path stays offered even when none of its credentials are left.
    if (!chosen.isEmpty() && !seen.contains(chosen))
        paths.append(chosen);
    paths.sort();
    const QSignalBlocker block(m_path);
    m_path->clear();
    m_path->addItem(tr("All paths"), QString());
    for (const QString& p : paths)
        m_path->addItem(p, p);
    m_path->setCurrentIndex(qMax(0, m_path->findData(chosen)));
}

void CredentialsPage::applyFilters()
{
    const QString current = currentJti();
    const int state = m_state->currentData().toInt();
    m_proxy->setStateFilter(state < 0 ? std::nullopt : std::optional(static_cast<CredentialStatus>(state)));
    m_proxy->setPathFilter(m_path->currentData().toString());
    m_proxy->setTextFilter(m_filter->text());
    if (!current.isEmpty() && !selectCredential(current))
        m_table->selectionModel()->clearCurrentIndex();
    m_count->setText(gatehouse::countText(m_proxy->rowCount(), tr("%1 credential"), tr("%1 credentials")));
    showDetail();
    updateButtons();
}

QString CredentialsPage::messageText() const
{
    return m_message->text();
}

QString CredentialsPage::countText() const
{
    return m_count->text();
}

QString CredentialsPage::currentJti() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.data(CredentialTableModel::JtiRole).toString() : QString();
}

const Credential* CredentialsPage::currentCredential() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return nullptr;
    return &m_model->credentialAt(m_proxy->mapToSource(current).row());
}

bool CredentialsPage::selectCredential(const QString& jti)
{
    const int row = m_model->rowOf(jti);
    if (row < 0)
        return false;
    const QModelIndex at = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!at.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                                       QItemSelectionModel::Rows);
    return true;
}

void CredentialsPage::showMessage(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #b02020;") : QStringLiteral("color: #206020;"));
    m_message->setText(text);
}

void CredentialsPage::updateButtons()
{
    const Credential* c = currentCredential();
    m_revoke->setEnabled(c && m_model->effectiveStatus(*c) == CredentialStatus::Active);
    m_suspendPath->setEnabled(c != nullptr);
}

bool CredentialsPage::revokeCurrent()
{
    const Credential* c = currentCredential();
    if (!c || !m_services.credentials)
        return false;
    const QString jti = c->jti;
    const std::optional<QString> reason =
        m_interaction.askText(this, tr("Revoke credential"),
                              tr("Why revoke credential %1 for %2 on %3? (required, ledgered)")
                                  .arg(jti.left(8), c->actionType, c->target));
    if (!reason)
        return false;
    if (reason->trimmed().isEmpty()) {
        showMessage(tr("A reason is required to revoke a credential; nothing was revoked."), true);
        return false;
    }
    auto revoked = m_services.credentials->revoke(m_session, jti, *reason);
    if (!revoked) {
        showMessage(revoked.error().message, true);
        m_interaction.showError(this, tr("Credential not revoked"), revoked.error().message);
        refresh();
        return false;
    }
    refresh();
    showMessage(tr("Credential %1 revoked.").arg(jti.left(8)), false);
    return true;
}

bool CredentialsPage::suspendCurrentPath()
{
    const Credential* c = currentCredential();
    if (!c)
        return false;
    const QString pathId = c->pathId;
    const std::optional<QString> reason = m_interaction.askText(
        this, tr("Suspend decision path"),
        tr("Suspend decision path %1? Every live credential of it is revoked at once and new requests "
           "are refused until it is activated again. Reason (required, ledgered):")
            .arg(pathId));
    if (!reason)
        return false;
    if (reason->trimmed().isEmpty()) {
        showMessage(tr("A reason is required to suspend a path; nothing was changed."), true);
        return false;
    }
    auto suspended = m_services.catalogue.suspend(m_session, pathId, *reason);
    if (!suspended) {
        showMessage(suspended.error().message, true);
        m_interaction.showError(this, tr("Path not suspended"), suspended.error().message);
        return false;
    }
    refresh();
    showMessage(tr("Decision path %1 suspended; its live credentials were revoked.").arg(pathId), false);
    return true;
}

void CredentialsPage::showDetail()
{
    const Credential* c = currentCredential();
    updateStatusLine();
    if (!c) {
        m_detail->setHtml(tr("<p>Select a credential to see its claims. The token itself is never shown "
                             "here: it goes to the agent only.</p>"));
        return;
    }
    m_detail->setHtml(detailHtml(*c));
}

QString CredentialsPage::detailHtml(const Credential& c) const
{
    const QJsonObject& claims = c.claims;
    auto claim = [&claims](const char* name) { return claims.value(QLatin1String(name)).toString(); };
    const QString actor =
        claims.value(QStringLiteral("act")).toObject().value(QStringLiteral("sub")).toString();
    QStringList approvers;
    for (const auto& v : claims.value(QStringLiteral("approvers")).toArray())
        approvers.append(v.toString());

    QString h = QStringLiteral("<h3>%1 → %2</h3>").arg(esc(c.actionType), esc(c.target));
    h += QStringLiteral("<table>");
    h += row(tr("jti"), code(c.jti));
    h += row(tr("iss"), esc(claim("iss")));
    h += row(tr("sub"), esc(c.subject));
    h += row(tr("aud"), esc(c.audience));
    h += row(tr("act"), actor.isEmpty() ? tr("<i>none (the workload acts for itself)</i>") : esc(actor));
    h += row(tr("approvers"), approvers.isEmpty() ? tr("<i>none (policy allow)</i>")
                                                  : esc(approvers.join(QStringLiteral(", "))));
    h += row(tr("policy version"), code(claim("policy_version")));
    h += row(tr("payload SHA-256"), code(claim("payload_sha256")));
    h += row(tr("kid"), code(c.kid));
    h += row(tr("request"), code(c.requestId));
    h += row(tr("path"), esc(c.pathId));
    h += row(tr("tier"), esc(claim("tier")));
    h += row(tr("issued / nbf"), esc(utcText(c.issuedAt, true)));
    h += row(tr("expires"),
             tr("%1 (TTL %2)").arg(esc(utcText(c.expiresAt, true)), timeLeftText(c.ttlSeconds)));
    h += row(tr("state"), esc(credentialStatusName(m_model->effectiveStatus(c))));
    if (c.status != CredentialStatus::Active)
        h +=
            row(tr("changed"), tr("%1 by %2").arg(esc(utcText(c.statusChangedAt, true)), esc(c.statusActor)));
    if (c.status == CredentialStatus::Revoked)
        h += row(tr("reason"), esc(c.revokeReason));
    h += QStringLiteral("</table>");
    return h;
}

} // namespace gatehouse
