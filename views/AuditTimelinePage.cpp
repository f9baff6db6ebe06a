#include "AuditTimelinePage.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "CountText.h"
#include "AuditEventTableModel.h"
#include "AuditLedger.h"

namespace gatehouse {

AuditTimelinePage::AuditTimelinePage(ConsoleServices services, QWidget* parent)
    : ConsolePage(parent), m_services(std::move(services)), m_model(new AuditEventTableModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_filterEdit(new QLineEdit(this)),
      m_debounce(new QTimer(this)), m_table(new QTableView(this)), m_payload(new QPlainTextEdit(this)),
      m_countLabel(new QLabel(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("auditTimelinePage"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AuditEventTableModel::SortRole);

    m_filterEdit->setObjectName(QStringLiteral("timelineFilterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter: literal text in type, actor, subject or payload"));
    m_filterEdit->setClearButtonEnabled(true);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);

    m_table->setObjectName(QStringLiteral("timelineTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AuditEventTableModel::SeqColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics fm = m_table->fontMetrics();
    m_table->setColumnWidth(AuditEventTableModel::SeqColumn,
                            fm.horizontalAdvance(QStringLiteral("0000000")) + 16);
    m_table->setColumnWidth(AuditEventTableModel::TimeColumn,
                            fm.horizontalAdvance(QStringLiteral("2026-03-10 09:00:00.000")) + 24);
    m_table->setColumnWidth(AuditEventTableModel::TypeColumn,
                            fm.horizontalAdvance(QStringLiteral("path.activated.x")) + 40);
    m_table->setColumnWidth(AuditEventTableModel::ActorColumn,
                            fm.horizontalAdvance(QStringLiteral("operator:owner-cloudops")) + 24);
    m_table->setColumnWidth(AuditEventTableModel::SubjectColumn,
                            fm.horizontalAdvance(QStringLiteral("path:finance-approve-payment")) + 24);

    m_payload->setObjectName(QStringLiteral("payloadView"));
    m_payload->setReadOnly(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setPlaceholderText(tr("Select an event to see its payload and hashes."));

    m_countLabel->setObjectName(QStringLiteral("timelineCountLabel"));
    m_error->setObjectName(QStringLiteral("timelineError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    m_error->hide();

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_payload);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_filterEdit);
    layout->addWidget(m_error);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_countLabel);

    connect(m_filterEdit, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_debounce, &QTimer::timeout, this, &AuditTimelinePage::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditTimelinePage::onCurrentChanged);
}

void AuditTimelinePage::setFilterText(const QString& text)
{
    m_filterEdit->setText(text);
    m_debounce->stop();
    refresh();
}

QString AuditTimelinePage::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void AuditTimelinePage::refresh()
{
    m_debounce->stop();
    qint64 selectedSeq = -1;
    if (const QModelIndex current = m_table->currentIndex(); current.isValid())
        selectedSeq = m_model->eventAt(m_proxy->mapToSource(current).row()).seq;

    AuditQuery query;
    query.text = m_filterEdit->text();
    query.limit = kLimit;
    auto events = m_services.ledger.events(query);
    if (!events) {
        m_error->setText(events.error().message);
        m_error->show();
        m_model->setEvents({});
    } else {
        m_error->hide();
        m_model->setEvents(std::move(*events));
    }
    const int n = m_model->rowCount();
    m_countLabel->setText(n >= kLimit ? tr("%1 events shown (the query is limited to %1)").arg(n)
                                      : countText(n, tr("%1 event"), tr("%1 events")));

    const int row = selectedSeq < 0 ? -1 : m_model->rowOf(selectedSeq);
    if (row >= 0)
        m_table->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, 0)));
    onCurrentChanged();
}

void AuditTimelinePage::onCurrentChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_payload->clear();
        return;
    }
    const AuditEvent& e = m_model->eventAt(m_proxy->mapToSource(current).row());
    QString text =
        tr("Event %1 · %2 · %3\n").arg(e.seq).arg(e.type, e.timestamp.toUTC().toString(Qt::ISODateWithMs));
    text += tr("Actor: %1\nSubject: %2\nCorrelation id: %3\n").arg(e.actor, e.subject, e.correlationId);
    text += tr("Previous hash: %1\nHash: %2\n\n")
                .arg(QString::fromLatin1(e.prevHash.toHex()), QString::fromLatin1(e.hash.toHex()));
    text += e.payload.isEmpty() ? tr("(no payload)")
                                : QString::fromUtf8(QJsonDocument(e.payload).toJson(QJsonDocument::Indented));
    m_payload->setPlainText(text);
}

} // namespace gatehouse
