#include "CataloguePage.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include "CountText.h"
#include "CatalogueCommands.h"
#include "CatalogueFilterBar.h"
#include "CatalogueService.h"
#include "Clock.h"
#include "PermissionGraphService.h"
#include "DecisionPathDetailView.h"
#include "DecisionPathDialog.h"
#include "DecisionPathFilterModel.h"
#include "DecisionPathTableModel.h"

namespace gatehouse {

namespace {
constexpr int kMaxInitialColumnWidth = 280;
}

CataloguePage::CataloguePage(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                             QWidget* parent)
    : ConsolePage(parent), m_services(std::move(services)), m_session(std::move(session)),
      m_interaction(interaction),
      m_commands(new CatalogueCommands(m_services, m_session, m_interaction, this)),
      m_model(new DecisionPathTableModel(this)), m_filter(new DecisionPathFilterModel(this)),
      m_filterBar(new CatalogueFilterBar(m_filter, this)), m_toolBar(new QToolBar(this)),
      m_table(new QTableView(this)), m_detail(new DecisionPathDetailView(this)),
      m_countLabel(new QLabel(this)), m_loadError(new QLabel(this))
{
    setObjectName(QStringLiteral("cataloguePage"));
    m_filter->setSourceModel(m_model);

    m_table->setObjectName(QStringLiteral("catalogueTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DecisionPathTableModel::IdColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionsMovable(true);

    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    m_loadError->setObjectName(QStringLiteral("loadError"));
    m_loadError->setWordWrap(true);
    m_loadError->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    m_loadError->hide();

    m_detail->setMinimumWidth(320);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    buildActions();
    buildColumnMenu();
    m_toolBar->setObjectName(QStringLiteral("catalogueToolBar"));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_loadError);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_countLabel);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CataloguePage::onCurrentChanged);
    // Clicking the row that is already current (but not selected, as after focusing the table)
    // changes only the selection, not the current row.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CataloguePage::onCurrentChanged);
    // Return and double-click open the editor.
    connect(m_table, &QTableView::activated, this, [this] { m_editAction->trigger(); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &CataloguePage::updateCountLabel);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &CataloguePage::updateCountLabel);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &CataloguePage::updateCountLabel);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &CataloguePage::updateCountLabel);
    // A filter change may hide the selected row: keep the detail panel and actions in step.
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &CataloguePage::onCurrentChanged);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &CataloguePage::onCurrentChanged);
    connect(m_commands, &CatalogueCommands::catalogueChanged, this, &CataloguePage::reloadAndSelect);

    onCurrentChanged();
}

QAction* CataloguePage::makeAction(const QString& text, const QString& objectName,
                                   const QList<QKeySequence>& keys)
{
    auto* action = new QAction(text, this);
    action->setObjectName(objectName);
    action->setShortcuts(keys);
    // Shortcuts work while this page is the one shown (hidden pages do not match).
    action->setShortcutContext(Qt::WindowShortcut);
    addAction(action);
    return action;
}

void CataloguePage::buildActions()
{
    m_newAction = makeAction(tr("New…"), QStringLiteral("newAction"), {QKeySequence(Qt::CTRL | Qt::Key_N)});
    m_newAction->setToolTip(tr("Register a new decision path (Ctrl+N)"));
    m_editAction =
        makeAction(tr("Edit…"), QStringLiteral("editAction"), {QKeySequence(Qt::CTRL | Qt::Key_E)});
    m_editAction->setToolTip(tr("Edit the selected path (Return, Ctrl+E)"));
    m_activateAction = makeAction(tr("Activate"), QStringLiteral("activateAction"), {});
    m_activateAction->setToolTip(tr("Activate the selected draft or suspended path"));
    m_suspendAction = makeAction(tr("Suspend…"), QStringLiteral("suspendAction"), {});
    m_suspendAction->setToolTip(tr("Suspend the selected active path at once (asks a reason)"));
    m_retireAction = makeAction(tr("Retire…"), QStringLiteral("retireAction"), {});
    m_retireAction->setToolTip(tr("Retire the selected path for good (asks a reason)"));
    m_importAction = makeAction(tr("Import…"), QStringLiteral("importAction"), {});
    m_importAction->setToolTip(tr("Import paths from a JSON or CSV file (all or nothing)"));
    m_exportAction = makeAction(tr("Export…"), QStringLiteral("exportAction"), {});
    m_exportAction->setToolTip(tr("Export the catalogue as JSON or CSV"));
    m_refreshAction = makeAction(tr("Refresh"), QStringLiteral("refreshAction"), {QKeySequence(Qt::Key_F5)});
    m_refreshAction->setToolTip(tr("Re-read the catalogue (F5)"));
    m_findAction = makeAction(tr("Find"), QStringLiteral("findAction"), {QKeySequence(Qt::CTRL | Qt::Key_F)});

    m_toolBar->addAction(m_newAction);
    m_toolBar->addAction(m_editAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_activateAction);
    m_toolBar->addAction(m_suspendAction);
    m_toolBar->addAction(m_retireAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_importAction);
    m_toolBar->addAction(m_exportAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_refreshAction);

    connect(m_newAction, &QAction::triggered, m_commands, &CatalogueCommands::newPath);
    connect(m_editAction, &QAction::triggered, this, [this] {
        if (const QString id = selectedPathId(); !id.isEmpty())
            m_commands->editPath(id);
    });
    connect(m_activateAction, &QAction::triggered, this, [this] {
        if (const QString id = selectedPathId(); !id.isEmpty())
            m_commands->activate(id);
    });
    connect(m_suspendAction, &QAction::triggered, this, [this] {
        if (const QString id = selectedPathId(); !id.isEmpty())
            m_commands->suspend(id);
    });
    connect(m_retireAction, &QAction::triggered, this, [this] {
        if (const QString id = selectedPathId(); !id.isEmpty())
            m_commands->retire(id);
    });
    connect(m_importAction, &QAction::triggered, m_commands, &CatalogueCommands::importFile);
    connect(m_exportAction, &QAction::triggered, m_commands, &CatalogueCommands::exportFile);
    connect(m_refreshAction, &QAction::triggered, this, &CataloguePage::refresh);
    connect(m_findAction, &QAction::triggered, m_filterBar, &CatalogueFilterBar::focusSearch);
}

void CataloguePage::buildColumnMenu()
{
    // Secondary columns start hidden so the main ones fit beside the detail panel;
    // the header's context menu shows or hides any column.
    QHeaderView* header = m_table->horizontalHeader();
    header->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (int c = 0; c < DecisionPathTableModel::ColumnCount; ++c) {
        auto* action = new QAction(m_model->headerData(c, Qt::Horizontal).toString(), header);
        action->setObjectName(QStringLiteral("column%1Action").arg(c));
        action->setCheckable(true);
        const bool hidden =
            c == DecisionPathTableModel::TeamColumn || c == DecisionPathTableModel::EnvironmentColumn ||
            c == DecisionPathTableModel::WorkloadColumn || c == DecisionPathTableModel::ActionsColumn;
        action->setChecked(!hidden);
        action->setEnabled(c != DecisionPathTableModel::IdColumn);
        header->setSectionHidden(c, hidden);
        connect(action, &QAction::toggled, header,
                [header, c](bool shown) { header->setSectionHidden(c, !shown); });
        header->addAction(action);
    }
}

void CataloguePage::refresh()
{
    reloadAndSelect(selectedPathId());
}

void CataloguePage::reloadAndSelect(const QString& id)
{
    auto paths = m_services.catalogue.list(m_session);
    if (!paths) {
        m_loadError->setText(paths.error().message);
        m_loadError->show();
        return;
    }
    m_loadError->hide();

    QSet<QString> owners;
    for (const DecisionPath& p : std::as_const(*paths)) {
        if (!p.owner.isEmpty())
            owners.insert(p.owner);
    }
    QStringList ownerList(owners.cbegin(), owners.cend());
    ownerList.sort();

    m_model->setPaths(std::move(*paths), m_services.clock.now().date());
    m_filterBar->setOwners(ownerList);
    if (!m_columnsSized && m_model->rowCount() > 0)
        resizeColumns();
    if (id.isEmpty() || !selectPath(id))
        onCurrentChanged();
    updateCountLabel();
}

void CataloguePage::resizeColumns()
{
    m_columnsSized = true;
    m_table->resizeColumnsToContents();
    QHeaderView* header = m_table->horizontalHeader();
    for (int c = 0; c < header->count(); ++c)
        header->resizeSection(c, qMin(header->sectionSize(c) + 6, kMaxInitialColumnWidth));
    // The name takes whatever width is left (and is elided when there is none).
    header->setSectionResizeMode(DecisionPathTableModel::NameColumn, QHeaderView::Stretch);
}

bool CataloguePage::selectPath(const QString& id)
{
    const int sourceRow = m_model->rowOf(id);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    onCurrentChanged();
    return true;
}

QString CataloguePage::selectedPathId() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), current.parent()))
        return {};
    const QModelIndex source = m_filter->mapToSource(current);
    return source.isValid() ? m_model->pathAt(source.row()).id : QString();
}

DecisionPathDialog* CataloguePage::activeEditor() const
{
    return m_commands->activeEditor();
}

void CataloguePage::onCurrentChanged()
{
    const QString id = selectedPathId();
    const int row = id.isEmpty() ? -1 : m_model->rowOf(id);
    if (row < 0) {
        m_detail->clearPath();
        for (QAction* a : {m_editAction, m_activateAction, m_suspendAction, m_retireAction})
            a->setEnabled(false);
        return;
    }
    const DecisionPath& p = m_model->pathAt(row);
    m_detail->showPath(p, m_services.clock.now().date(), graphExposure(p));
    // Enabled by lifecycle state only; who may act is decided by the service, which
    // answers a refusal that is shown verbatim.
    m_editAction->setEnabled(p.status != PathStatus::Retired);
    m_activateAction->setEnabled(p.status == PathStatus::Draft || p.status == PathStatus::Suspended);
    m_suspendAction->setEnabled(p.status == PathStatus::Active);
    m_retireAction->setEnabled(p.status != PathStatus::Retired);
}

std::optional<DecisionPathDetailView::GraphExposure>
CataloguePage::graphExposure(const DecisionPath& path) const
{
    if (!m_services.graph)
        return std::nullopt;
    DecisionPathDetailView::GraphExposure exposure;
    if (path.runsAs.isEmpty()) {
        exposure.notComputed = tr("not computed: the path declares no runs_as identity");
        return exposure;
    }
    auto stats = m_services.graph->stats(m_session);
    if (!stats) {
        exposure.notComputed = tr("not computed: %1").arg(stats.error().message);
        return exposure;
    }
    if (stats->sources.isEmpty()) {
        exposure.notComputed = tr("not computed: no graph imported");
        return exposure;
    }
    auto amplification = m_services.graph->amplification(m_session, path.id);
    if (!amplification) {
        exposure.notComputed = tr("not computed: %1").arg(amplification.error().message);
        return exposure;
    }
    auto radius = m_services.graph->blastRadius(m_session, {QStringLiteral("path:") + path.id}, 0);
    if (!radius) {
        exposure.notComputed = tr("not computed: %1").arg(radius.error().message);
        return exposure;
    }
    exposure.amplification = std::move(*amplification);
    exposure.blastRadius = std::move(*radius);
    return exposure;
}

void CataloguePage::updateCountLabel()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    int overdue = 0;
    for (int r = 0; r < total; ++r) {
        if (m_model->data(m_model->index(r, 0), DecisionPathTableModel::ReviewOverdueRole).toBool())
            ++overdue;
    }
    const QString paths = countText(total, tr("%1 decision path"), tr("%1 decision paths"));
    QString text = shown == total ? paths : tr("Showing %1 of %2").arg(shown).arg(paths);
    if (overdue > 0)
        text += QStringLiteral(" · ") +
                countText(overdue, tr("%1 with an overdue review"), tr("%1 with an overdue review"));
    m_countLabel->setText(text);
}

} // namespace gatehouse
