#pragma once

#include <QHash>

#include "ConsolePage.h"
#include "ConsoleServices.h"
#include "LedgerVerification.h"
#include "OperatorSession.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QTreeWidget;
class QPushButton;

namespace gatehouse {

/// First page after sign-in: decision paths by tier and by status, paths whose review
/// date has passed, and the audit ledger's size and integrity (AuditLedger::verify()).
class OverviewPage : public ConsolePage
{
    Q_OBJECT
public:
    OverviewPage(ConsoleServices services, OperatorSession session, QWidget* parent = nullptr);

    void refresh() override;
    /// Recomputes the whole hash chain and shows the result.
    void verifyLedger();

    /// Count shown for a tier code ("T0".."T3", "unset") or status name ("active", ...); -1 if unknown.
    int shownCount(const QString& key) const;
    /// One row per overdue path (columns: id, name, owner, review due, overdue by); oldest first.
    QTreeWidget* overdueList() const { return m_overdueList; }
    /// Break-glass approvals awaiting a manager's after-the-fact review (columns: request,
    /// approved by, at, reason); oldest first. Hidden without a review service.
    QTreeWidget* breakGlassList() const { return m_breakGlassList; }
    QString breakGlassText() const;
    QString ledgerText() const;
    QString verificationText() const;
    QPushButton* verifyButton() const { return m_verifyButton; }

    /// "Run intake gateway in this console": starts or stops ConsoleServices::gateway on the
    /// address in listenEdit(). Only administrators may start it (checked here: the gateway
    /// takes no session).
    QCheckBox* gatewaySwitch() const { return m_gatewaySwitch; }
    QLineEdit* listenEdit() const { return m_listenEdit; }
    QString gatewayText() const;

    /// "Webhooks: N pending, N failed" (with dropped deliveries when a backlog overflowed);
    /// empty when the console has no WebhookService.
    QString webhooksText() const;
    /// One line per endpoint with a problem: "<name>: <last error>"; empty when all are healthy.
    QString webhookErrorsText() const;

private:
    QWidget* addCard(const QString& key, const QString& caption, QWidget* parent);
    QWidget* buildGatewayBox();
    QWidget* buildWebhooksBox();
    void showWebhooks(QStringList& errors);
    void onGatewaySwitched(bool on);
    void showGatewayState();

    ConsoleServices m_services;
    OperatorSession m_session;
    QHash<QString, QLabel*> m_counts;
    QTreeWidget* m_overdueList;
    QTreeWidget* m_breakGlassList = nullptr;
    QLabel* m_breakGlassSummary = nullptr;
    QLabel* m_overdueSummary;
    QLabel* m_ledgerLabel;
    QLabel* m_verifyLabel;
    QPushButton* m_verifyButton;
    QLabel* m_error;
    QCheckBox* m_gatewaySwitch = nullptr;
    QLineEdit* m_listenEdit = nullptr;
    QLabel* m_gatewayLabel = nullptr;
    QLabel* m_webhooksLabel = nullptr;
    QLabel* m_webhookErrors = nullptr;
};

} // namespace gatehouse
