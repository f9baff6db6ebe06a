#include "GraphZoneDialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "EditorDialogParts.h"

namespace gatehouse {

namespace {

const QList<GraphNodeKind> kKinds{GraphNodeKind::AiPath,         GraphNodeKind::Principal,
                                  GraphNodeKind::Group,          GraphNodeKind::Role,
                                  GraphNodeKind::ServiceAccount, GraphNodeKind::Policy,
                                  GraphNodeKind::Permission,     GraphNodeKind::Resource};

QString key(GraphZoneDialog::Column column)
{
    switch (column) {
    case GraphZoneDialog::IdColumn:
        return QStringLiteral("id");
    case GraphZoneDialog::KindColumn:
        return QStringLiteral("kind");
    case GraphZoneDialog::AttributeColumn:
        return QStringLiteral("attribute");
    case GraphZoneDialog::ValueColumn:
    case GraphZoneDialog::ColumnCount:
        break;
    }
    return QStringLiteral("value");
}

} // namespace

GraphZoneDialog::GraphZoneDialog(const GraphZone& initial, bool editing, QWidget* parent)
    : QDialog(parent), m_editing(editing)
{
    setObjectName(QStringLiteral("graphZoneDialog"));
    setWindowTitle(editing ? tr("Edit privilege zone %1").arg(initial.name) : tr("New privilege zone"));
    setSizeGripEnabled(true);

    m_name = new QLineEdit(initial.name, this);
    m_name->setObjectName(QStringLiteral("zoneNameEdit"));
    m_name->setPlaceholderText(tr("e.g. production"));
    if (editing) {
        m_name->setReadOnly(true);
        m_name->setToolTip(tr("A stored zone keeps its name: zones are replaced by name."));
    }
    m_rank = new QSpinBox(this);
    m_rank->setObjectName(QStringLiteral("zoneRankSpin"));
    m_rank->setRange(PermissionGraphService::kMinZoneRank, PermissionGraphService::kMaxZoneRank);
    m_rank->setValue(
        qBound(PermissionGraphService::kMinZoneRank, initial.rank, PermissionGraphService::kMaxZoneRank));
    m_rank->setToolTip(
        tr("Higher is more privileged; Tier Zero is above every zone. An identity ranked below a "
           "zone that reaches one of its members is a finding."));
    m_rank->setMaximumWidth(m_rank->fontMetrics().horizontalAdvance(QStringLiteral("00000")) + 60);
    auto* form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Rank:"), m_rank);

    m_selectors = new QTableWidget(0, ColumnCount, this);
    m_selectors->setObjectName(QStringLiteral("selectorTable"));
    m_selectors->setHorizontalHeaderLabels(
        {tr("Id (glob)"), tr("Kind"), tr("Attribute"), tr("Value (glob)")});
    m_selectors->horizontalHeader()->setSectionResizeMode(IdColumn, QHeaderView::Stretch);
    m_selectors->horizontalHeader()->setSectionResizeMode(KindColumn, QHeaderView::ResizeToContents);
    m_selectors->horizontalHeader()->setSectionResizeMode(AttributeColumn, QHeaderView::Interactive);
    m_selectors->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_selectors->setColumnWidth(AttributeColumn, 110);
    m_selectors->verticalHeader()->setVisible(false);
    m_selectors->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_selectors->setSelectionMode(QAbstractItemView::SingleSelection);
    m_selectors->setWordWrap(false);
    for (const QJsonObject& selector : initial.selectors)
        setSelectorRow(addSelector(), selector);
    if (initial.selectors.isEmpty())
        addSelector();

    auto* addRow = new QPushButton(tr("Add selector"), this);
    addRow->setObjectName(QStringLiteral("addSelectorButton"));
    addRow->setAutoDefault(false);
    auto* removeRow = new QPushButton(tr("Remove selector"), this);
    removeRow->setObjectName(QStringLiteral("removeSelectorButton"));
    removeRow->setAutoDefault(false);
    connect(addRow, &QPushButton::clicked, this,
            [this] { m_selectors->setCurrentCell(addSelector(), IdColumn); });
    connect(removeRow, &QPushButton::clicked, this, [this] { removeSelector(m_selectors->currentRow()); });
    auto* rowButtons = new QHBoxLayout;
    rowButtons->addWidget(addRow);
    rowButtons->addWidget(removeRow);
    rowButtons->addStretch(1);

    auto* help = new QLabel(tr("A node is in the zone when it matches every filled cell of any one selector. "
                               "Globs: * any text, ? one character. Value compares the attribute's value."),
                            this);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);

    m_parts = EditorDialogParts::create(this, QStringLiteral("zoneIssue"), [this] { save(); });
    m_saveButton = m_parts.saveButton;
    QHBoxLayout* buttons = m_parts.buttons;

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("<b>Selectors</b>"), this));
    layout->addWidget(m_selectors, 1);
    layout->addLayout(rowButtons);
    layout->addWidget(help);
    layout->addWidget(m_parts.issue);
    layout->addWidget(m_parts.saveError);
    layout->addLayout(buttons);

    connect(m_name, &QLineEdit::textChanged, this, &GraphZoneDialog::revalidate);
    connect(m_rank, &QSpinBox::valueChanged, this, &GraphZoneDialog::revalidate);
    connect(m_selectors, &QTableWidget::itemChanged, this, &GraphZoneDialog::revalidate);
    revalidate();
    (editing ? static_cast<QWidget*>(m_rank) : m_name)->setFocus();
    resize(720, 440);
}

int GraphZoneDialog::addSelector()
{
    const int row = m_selectors->rowCount();
    m_selectors->insertRow(row);
    for (int column : {IdColumn, AttributeColumn, ValueColumn})
        m_selectors->setItem(row, column, new QTableWidgetItem);
    auto* kind = new QComboBox(m_selectors);
    kind->addItem(tr("(any)"), QString());
    for (GraphNodeKind k : kKinds)
        kind->addItem(graphNodeKindName(k), graphNodeKindName(k));
    connect(kind, &QComboBox::currentIndexChanged, this, &GraphZoneDialog::revalidate);
    m_selectors->setCellWidget(row, KindColumn, kind);
    revalidate();
    return row;
}

void GraphZoneDialog::removeSelector(int row)
{
    if (row < 0 || row >= m_selectors->rowCount())
        return;
    m_selectors->removeRow(row);
    revalidate();
}

void GraphZoneDialog::setSelectorRow(int row, const QJsonObject& selector)
{
    for (Column column : {IdColumn, AttributeColumn, ValueColumn})
        m_selectors->item(row, column)->setText(selector.value(key(column)).toString());
    auto* kind = static_cast<QComboBox*>(m_selectors->cellWidget(row, KindColumn));
    const QString name = selector.value(QStringLiteral("kind")).toString();
    int index = kind->findData(name);
    if (index < 0 && !name.isEmpty()) { // an unknown kind stored earlier stays visible, and is reported
        kind->addItem(name, name);
        index = kind->count() - 1;
    }
    kind->setCurrentIndex(qMax(index, 0));
}

GraphZone GraphZoneDialog::zone() const
{
    GraphZone z;
    z.name = m_name->text().trimmed();
    z.rank = m_rank->value();
    for (int row = 0; row < m_selectors->rowCount(); ++row) {
        QJsonObject selector;
        for (Column column : {IdColumn, AttributeColumn, ValueColumn}) {
            const QTableWidgetItem* item = m_selectors->item(row, column);
            const QString text = item ? item->text().trimmed() : QString();
            if (!text.isEmpty())
                selector.insert(key(column), text);
        }
        if (const auto* kind = static_cast<QComboBox*>(m_selectors->cellWidget(row, KindColumn))) {
            const QString name = kind->currentData().toString();
            if (!name.isEmpty())
                selector.insert(QStringLiteral("kind"), name);
        }
        z.selectors << selector;
    }
    return z;
}

void GraphZoneDialog::revalidate()
{
    if (!m_saveButton)
        return;
    m_parts.showIssue(PermissionGraphService::validateZone(zone()));
}

QString GraphZoneDialog::issue() const
{
    return m_parts.issueText();
}

void GraphZoneDialog::showSaveError(const QString& message)
{
    m_parts.showSaveError(message);
}

QString GraphZoneDialog::saveError() const
{
    return m_parts.saveErrorText();
}

void GraphZoneDialog::save()
{
    revalidate();
    if (!m_saveButton->isEnabled())
        return;
    showSaveError(QString());
    if (!m_saveHandler || m_saveHandler(zone()))
        accept();
}

QString GraphZoneDialog::selectorText(const QJsonObject& selector)
{
    QStringList parts;
    if (selector.contains(QStringLiteral("kind")))
        parts << tr("kind %1").arg(selector.value(QStringLiteral("kind")).toString());
    if (selector.contains(QStringLiteral("id")))
        parts << tr("id %1").arg(selector.value(QStringLiteral("id")).toString());
    if (selector.contains(QStringLiteral("attribute"))) {
        const QString attribute = selector.value(QStringLiteral("attribute")).toString();
        parts << (selector.contains(QStringLiteral("value"))
                      ? tr("attribute %1 = %2")
                            .arg(attribute, selector.value(QStringLiteral("value")).toString())
                      : tr("has attribute %1").arg(attribute));
    }
    return parts.isEmpty() ? tr("(empty)") : parts.join(QStringLiteral(", "));
}

QString GraphZoneDialog::selectorsText(const QList<QJsonObject>& selectors)
{
    QStringList parts;
    for (const QJsonObject& s : selectors)
        parts << selectorText(s);
    return parts.join(tr(" or "));
}

} // namespace gatehouse
