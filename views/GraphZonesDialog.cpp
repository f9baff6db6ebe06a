#include "GraphZonesDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include "CountText.h"
#include "GraphZoneDialog.h"
#include "Logging.h"
#include "UserInteraction.h"

namespace gatehouse {

namespace {

constexpr int kIdentityRole = Qt::UserRole;
constexpr int kZoneRole = Qt::UserRole + 1;

} // namespace

std::optional<GraphFinding> GraphFinding::parse(const QString& finding)
{
    static const QString tierZero = QStringLiteral("tier_zero|");
    static const QString zone = QStringLiteral("zone:");
    if (finding.startsWith(tierZero))
        return GraphFinding{QString(), finding.mid(tierZero.size())};
    const qsizetype bar = finding.indexOf(QLatin1Char('|'));
    if (!finding.startsWith(zone) || bar < 0)
        return std::nullopt;
    return GraphFinding{finding.mid(zone.size(), bar - zone.size()), finding.mid(bar + 1)};
}

GraphZonesDialog::GraphZonesDialog(PermissionGraphService& graph, OperatorSession session,
                                   UserInteraction& interaction, QWidget* parent)
    : QDialog(parent), m_graph(graph), m_session(std::move(session)), m_interaction(interaction)
{
    setObjectName(QStringLiteral("graphZonesDialog"));
    setWindowTitle(tr("Privilege zones and findings"));
    setSizeGripEnabled(true);

    auto* zonesBox = new QWidget(this);
    m_zoneTable = new QTableWidget(0, 3, zonesBox);
    m_zoneTable->setObjectName(QStringLiteral("zoneTable"));
    m_zoneTable->setHorizontalHeaderLabels(
        {tr("Zone"), tr("Rank"), tr("Selectors (any one puts a node in)")});
    m_zoneTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_zoneTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_zoneTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_zoneTable->verticalHeader()->setVisible(false);
    m_zoneTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_zoneTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_zoneTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_zoneTable->setWordWrap(true);
    m_add = new QPushButton(tr("Add zone…"), zonesBox);
    m_add->setObjectName(QStringLiteral("addZoneButton"));
    m_edit = new QPushButton(tr("Edit zone…"), zonesBox);
    m_edit->setObjectName(QStringLiteral("editZoneButton"));
    m_remove = new QPushButton(tr("Remove zone…"), zonesBox);
    m_remove->setObjectName(QStringLiteral("removeZoneButton"));
    m_zoneNote = new QLabel(zonesBox);
    m_zoneNote->setObjectName(QStringLiteral("zoneNote"));
    m_zoneNote->setWordWrap(true);
    m_zoneNote->setForegroundRole(QPalette::PlaceholderText);
    auto* zoneButtons = new QHBoxLayout;
    zoneButtons->addWidget(m_add);
    zoneButtons->addWidget(m_edit);
    zoneButtons->addWidget(m_remove);
    zoneButtons->addWidget(m_zoneNote, 1);
    auto* zonesLayout = new QVBoxLayout(zonesBox);
    zonesLayout->setContentsMargins(0, 0, 0, 0);
    zonesLayout->addWidget(
        new QLabel(tr("<b>Privilege zones</b> (higher rank = more privileged; Tier Zero is "
                      "above every zone)"),
                   zonesBox));
    zonesLayout->addWidget(m_zoneTable, 1);
    zonesLayout->addLayout(zoneButtons);

    auto* findingsBox = new QWidget(this);
    m_filterEdit = new QLineEdit(findingsBox);
    m_filterEdit->setObjectName(QStringLiteral("findingFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter by zone, identity or id (literal text)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_count = new QLabel(findingsBox);
    m_count->setObjectName(QStringLiteral("findingCount"));
    m_model = new QStandardItemModel(0, 3, this);
    m_model->setHorizontalHeaderLabels({tr("Into"), tr("Identity"), tr("Id")});
    m_filter = new QSortFilterProxyModel(this);
    m_filter->setSourceModel(m_model);
    // setFilterFixedString escapes the text: "(", "*", "." or "Отчёт" match only themselves.
    m_filter->setFilterKeyColumn(-1);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_findingView = new QTableView(findingsBox);
    m_findingView->setObjectName(QStringLiteral("findingView"));
    m_findingView->setModel(m_filter);
    m_findingView->setSortingEnabled(true);
    m_findingView->sortByColumn(ZoneColumn, Qt::AscendingOrder);
    m_findingView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_findingView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findingView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_findingView->verticalHeader()->setVisible(false);
    m_findingView->setWordWrap(false);
    m_findingView->setTextElideMode(Qt::ElideMiddle); // ARNs differ at both ends
    m_findingView->horizontalHeader()->setSectionResizeMode(ZoneColumn, QHeaderView::ResizeToContents);
    m_findingView->horizontalHeader()->setSectionResizeMode(IdentityColumn, QHeaderView::Interactive);
    m_findingView->horizontalHeader()->setSectionResizeMode(IdColumn, QHeaderView::Stretch);
    m_findingView->setColumnWidth(IdentityColumn, 200);
    m_findingView->setToolTip(tr("Double-click a finding to show its paths on the page"));
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterEdit, 1);
    filterRow->addWidget(m_count);
    auto* findingsLayout = new QVBoxLayout(findingsBox);
    findingsLayout->setContentsMargins(0, 0, 0, 0);
    findingsLayout->addWidget(
        new QLabel(tr("<b>Findings</b>: identities with a path into Tier Zero or into a zone "
                      "ranked above them (double-click shows the paths)"),
                   findingsBox));
    findingsLayout->addLayout(filterRow);
    findingsLayout->addWidget(m_findingView, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(zonesBox);
    splitter->addWidget(findingsBox);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto* close = new QPushButton(tr("Close"), this);
    close->setAutoDefault(false);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);

    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_add, &QPushButton::clicked, this, &GraphZonesDialog::addZone);
    connect(m_edit, &QPushButton::clicked, this, &GraphZonesDialog::editSelectedZone);
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSelectedZone(); });
    connect(m_zoneTable, &QTableWidget::itemSelectionChanged, this, &GraphZonesDialog::updateButtons);
    connect(m_zoneTable, &QTableWidget::cellDoubleClicked, this, [this] {
        if (m_edit->isEnabled())
            editSelectedZone();
    });
    connect(m_filterEdit, &QLineEdit::textChanged, this, &GraphZonesDialog::setFilterText);
    connect(m_findingView, &QTableView::activated, this,
            [this](const QModelIndex& index) { activateFinding(index.row()); });
    resize(900, 640);
}

void GraphZonesDialog::refresh()
{
    auto zones = m_graph.zones(m_session);
    auto findings = m_graph.findings(m_session);
    auto graph = m_graph.graph(m_session);
    if (!zones || !findings || !graph) {
        const Error& e = !zones ? zones.error() : !findings ? findings.error() : graph.error();
        m_count->setText(e.message);
        return;
    }
    m_zones = *zones;
    std::sort(m_zones.begin(), m_zones.end(), [](const GraphZone& a, const GraphZone& b) {
        return a.rank != b.rank ? a.rank > b.rank : a.name < b.name;
    });
    const QString selected =
        m_zoneTable->currentRow() >= 0 ? m_zoneTable->item(m_zoneTable->currentRow(), 0)->text() : QString();
    m_zoneTable->setRowCount(0);
    for (const GraphZone& z : std::as_const(m_zones)) {
        const int row = m_zoneTable->rowCount();
        m_zoneTable->insertRow(row);
        m_zoneTable->setItem(row, 0, new QTableWidgetItem(z.name));
        auto* rank = new QTableWidgetItem(QString::number(z.rank));
        rank->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_zoneTable->setItem(row, 1, rank);
        const QString selectors = GraphZoneDialog::selectorsText(z.selectors);
        auto* item = new QTableWidgetItem(selectors);
        item->setToolTip(selectors);
        m_zoneTable->setItem(row, 2, item);
        if (z.name == selected)
            m_zoneTable->setCurrentCell(row, 0);
    }
    m_zoneTable->resizeRowsToContents();

    m_findings = *findings;
    m_graphData = *graph;
    const std::shared_ptr<const PermissionGraph>& g = m_graphData;
    m_model->removeRows(0, m_model->rowCount());
    for (const QString& text : std::as_const(m_findings)) {
        const auto finding = GraphFinding::parse(text);
        if (!finding)
            continue;
        QString label = finding->identity;
        if (const auto i = g->indexOf(finding->identity); i && !g->node(*i).label.isEmpty())
            label = g->node(*i).label;
        QList<QStandardItem*> row{
            new QStandardItem(finding->zone.isEmpty() ? tr("Tier Zero") : finding->zone),
            new QStandardItem(label), new QStandardItem(finding->identity)};
        for (QStandardItem* item : row) {
            item->setData(finding->identity, kIdentityRole);
            item->setData(finding->zone, kZoneRole);
            item->setToolTip(text);
        }
        m_model->appendRow(row);
    }
    updateCount();
    updateButtons();
}

void GraphZonesDialog::updateButtons()
{
    const bool admin = m_session.hasRole(OperatorRole::Admin);
    const bool selected = m_zoneTable->currentRow() >= 0 && !m_zoneTable->selectedItems().isEmpty();
    m_add->setEnabled(admin);
    m_edit->setEnabled(admin && selected);
    m_remove->setEnabled(admin && selected);
    const QString why =
        tr("Defining privilege zones needs the admin role; %1 has %2.")
            .arg(m_session.username, operatorRoleNames(m_session.roles).join(QStringLiteral(", ")));
    m_add->setToolTip(admin ? tr("Define a new privilege zone") : why);
    m_edit->setToolTip(admin ? tr("Change the rank or selectors of the selected zone") : why);
    m_remove->setToolTip(admin ? tr("Remove the selected zone; its findings go with it") : why);
    m_zoneNote->setText(admin ? QString() : why);
}

void GraphZonesDialog::updateCount()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(
        shown == total
            ? countText(total, tr("%1 finding"), tr("%1 findings"))
            : tr("%1 of %2").arg(shown).arg(countText(total, tr("%1 finding"), tr("%1 findings"))));
}

void GraphZonesDialog::setFilterText(const QString& text)
{
    if (m_filterEdit->text() != text)
        m_filterEdit->setText(text); // emits textChanged, which comes back here
    m_filter->setFilterFixedString(text.trimmed());
    updateCount();
}

bool GraphZonesDialog::activateFinding(int row)
{
    const QModelIndex index = m_filter->index(row, 0);
    if (!index.isValid())
        return false;
    const GraphFinding finding{index.data(kZoneRole).toString(), index.data(kIdentityRole).toString()};
    const auto query = queryFor(finding);
    if (!query) {
        m_count->setText(tr("Zone \"%1\" has no member in the graph any more.").arg(finding.zone));
        return false;
    }
    emit findingActivated(*query, finding.zone.isEmpty() ? tr("Tier Zero") : tr("zone %1").arg(finding.zone));
    return true;
}

std::optional<GraphPathQuery> GraphZonesDialog::queryFor(const GraphFinding& finding) const
{
    GraphPathQuery query;
    query.from = {finding.identity};
    if (finding.zone.isEmpty()) {
        query.toTierZero = true;
        return query;
    }
    const auto zone = std::find_if(m_zones.cbegin(), m_zones.cend(),
                                   [&](const GraphZone& z) { return z.name == finding.zone; });
    if (zone == m_zones.cend() || !m_graphData)
        return std::nullopt;
    for (PermissionGraph::Index i = 0; i < m_graphData->nodeCount(); ++i) {
        const auto& node = m_graphData->node(i);
        for (const QJsonObject& selector : zone->selectors) {
            if (PermissionGraphService::selectorMatches(selector, node)) {
                query.to << node.id;
                break;
            }
        }
    }
    if (query.to.isEmpty())
        return std::nullopt;
    return query;
}

GraphZoneDialog* GraphZonesDialog::activeEditor() const
{
    return m_editor;
}

void GraphZonesDialog::addZone()
{
    openEditor(GraphZone{QString(), PermissionGraphService::kMinZoneRank, {}}, false);
}

void GraphZonesDialog::editSelectedZone()
{
    const int row = m_zoneTable->currentRow();
    if (row < 0 || row >= m_zones.size())
        return;
    openEditor(m_zones.at(row), true);
}

bool GraphZonesDialog::removeSelectedZone()
{
    const int row = m_zoneTable->currentRow();
    if (row < 0 || row >= m_zones.size())
        return false;
    const GraphZone zone = m_zones.at(row);
    if (!m_interaction.confirm(this, tr("Remove privilege zone"),
                               tr("Remove zone \"%1\" (rank %2)? Paths into it stop being findings.")
                                   .arg(zone.name)
                                   .arg(zone.rank)))
        return false;
    if (auto st = m_graph.removeZone(m_session, zone.name); !st) {
        m_interaction.showError(this, tr("Zone not removed"), st.error().message);
        return false;
    }
    Logging::info("ui", QStringLiteral("%1 removed privilege zone %2").arg(m_session.username, zone.name));
    refresh();
    emit zonesChanged();
    return true;
}

void GraphZonesDialog::openEditor(const GraphZone& zone, bool editing)
{
    if (m_editor) {
        m_editor->raise();
        m_editor->activateWindow();
        return;
    }
    auto* editor = new GraphZoneDialog(zone, editing, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    editor->setSaveHandler([this, editor, editing](const GraphZone& z) { return store(editor, z, editing); });
    m_editor = editor;
    editor->open();
}

bool GraphZonesDialog::store(GraphZoneDialog* editor, const GraphZone& zone, bool editing)
{
    if (!editing) {
        for (const GraphZone& z : std::as_const(m_zones)) {
            if (z.name == zone.name &&
                !m_interaction.confirm(
                    editor, tr("Replace privilege zone"),
                    tr("A zone named \"%1\" exists (rank %2). Replace it?").arg(z.name).arg(z.rank))) {
                editor->showSaveError(
                    tr("Not saved: choose another name, or save again to replace \"%1\".").arg(zone.name));
                return false;
            }
        }
    }
    if (auto st = m_graph.saveZone(m_session, zone); !st) {
        editor->showSaveError(st.error().message);
        return false;
    }
    Logging::info("ui", QStringLiteral("%1 saved privilege zone %2").arg(m_session.username, zone.name));
    refresh();
    emit zonesChanged();
    return true;
}

} // namespace gatehouse
