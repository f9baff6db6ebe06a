#pragma once

#include "ConsolePage.h"
#include "ConsoleServices.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace gatehouse {

class AuditEventTableModel;

/// The audit ledger as a table (seq, UTC time, type, actor, subject, correlation id)
/// with a literal text filter that AuditLedger::events() binds as a parameter, and the
/// payload and hashes of the selected event.
class AuditTimelinePage : public ConsolePage
{
    Q_OBJECT
public:
    /// Events read per query (AuditQuery::limit).
    static constexpr int kLimit = 1000;

    explicit AuditTimelinePage(ConsoleServices services, QWidget* parent = nullptr);

    void refresh() override;
    /// Sets the filter text and queries at once (the edit box waits for a pause in typing).
    void setFilterText(const QString& text);

    QLineEdit* filterEdit() const { return m_filterEdit; }
    QTableView* tableView() const { return m_table; }
    AuditEventTableModel* eventModel() const { return m_model; }
    QPlainTextEdit* payloadView() const { return m_payload; }
    QString errorText() const;

private:
    void onCurrentChanged();

    ConsoleServices m_services;
    AuditEventTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filterEdit;
    QTimer* m_debounce;
    QTableView* m_table;
    QPlainTextEdit* m_payload;
    QLabel* m_countLabel;
    QLabel* m_error;
};

} // namespace gatehouse
