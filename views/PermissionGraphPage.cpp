#include "PermissionGraphPage.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStringListModel>
#include <QTabWidget>
#include <QVBoxLayout>

#include "CountText.h"
#include "GraphCanvasView.h"
#include "GraphEdgeItem.h"
#include "GraphLayoutQueue.h"
#include "GraphLegend.h"
#include "GraphNodeDescription.h"
#include "GraphNodeItem.h"
#include "GraphSavedQueriesPanel.h"
#include "GraphSceneExport.h"
#include "GraphStyle.h"
#include "GraphZonesDialog.h"
#include "UserInteraction.h"

namespace gatehouse {

namespace {

constexpr qsizetype kMaxCompletions = 200000;
constexpr qreal kDimmed = 0.3;

QString edgeKey(const QString& from, const QString& to, GraphEdgeKind kind)
{
    return from + QLatin1Char('\n') + to + QLatin1Char('\n') + graphEdgeKindName(kind);
}

QString groupKey(const QString& aroundId, GraphNodeKind kind)
{
    return QStringLiteral("group:%1|%2").arg(graphNodeKindName(kind), aroundId);
}

} // namespace

/// Items made for the layout in flight, placed on the canvas when it arrives.
struct PermissionGraphPage::Pending
{
    struct Edge
    {
        QString key;
        int from = 0; ///< positions in nodes
        int to = 0;
        qint64 edgeIndex = -1;
        GraphEdgeItem::Style style = GraphEdgeItem::Style::Plain;
        bool conditional = false;
        QString toolTip;
    };
    std::vector<std::unique_ptr<GraphNodeItem>> nodes;
    QList<Edge> edges;
    QHash<QString, GraphExcerpt::Collapsed> groups; ///< group item id -> what it stands for
};

PermissionGraphPage::PermissionGraphPage(ConsoleServices services, OperatorSession session,
                                         UserInteraction& interaction, QWidget* parent)
    : ConsolePage(parent), m_services(std::move(services)), m_session(std::move(session)),
      m_interaction(interaction), m_queue(new GraphLayoutQueue(this)), m_scene(new QGraphicsScene(this)),
      m_canvas(new GraphCanvasView(this))
{
    setObjectName(QStringLiteral("permissionGraphPage"));
    // Items never move after a layout: a BSP tree built once answers every repaint's
    // "what is visible" query in O(log n).
    m_scene->setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    m_canvas->setScene(m_scene);

    auto* bar = new QWidget(this);
    buildToolBar(bar);

    m_sideTabs = new QTabWidget(this);
    m_sideTabs->setObjectName(QStringLiteral("graphSideTabs"));
    auto* side = new QWidget(m_sideTabs);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(6, 4, 6, 0);
    const auto heading = [side](const QString& text) {
        auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()), side);
        return label;
    };
    m_pathList = new QListWidget(side);
    m_pathList->setObjectName(QStringLiteral("pathList"));
    m_pathList->setMaximumHeight(110);
    m_hopList = new QListWidget(side);
    m_hopList->setObjectName(QStringLiteral("hopList"));
    m_hopList->setWordWrap(true);
    m_hopList->setTextElideMode(Qt::ElideNone);
    m_hopList->setSpacing(2);
    m_nodeInfo = new QLabel(side);
    m_nodeInfo->setObjectName(QStringLiteral("nodeInfo"));
    m_nodeInfo->setWordWrap(true);
    m_nodeInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_nodeInfo->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_nodeInfo->setMinimumHeight(60);
    sideLayout->addWidget(heading(tr("Paths found")));
    sideLayout->addWidget(m_pathList);
    sideLayout->addWidget(heading(tr("Hops of the chosen path")));
    sideLayout->addWidget(m_hopList, 1);
    sideLayout->addWidget(heading(tr("Selected node")));
    sideLayout->addWidget(m_nodeInfo);
    sideLayout->addWidget(heading(tr("Legend")));
    sideLayout->addWidget(new GraphLegend(side));
    m_queries = new GraphSavedQueriesPanel(m_services.graph, m_session, m_interaction, m_sideTabs);
    m_queries->setCurrentQuery([this] { return currentQuery(); });
    connect(m_queries, &GraphSavedQueriesPanel::runRequested, this,
            [this](const GraphPathQuery& query, const QString& name) { runQuery(query, name); });
    m_sideTabs->addTab(side, tr("Paths"));
    m_sideTabs->addTab(m_queries, tr("Saved queries"));
    m_sideTabs->setMinimumWidth(320);
    m_sideTabs->setMaximumWidth(560);
    m_canvas->setMinimumWidth(360);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_canvas);
    splitter->addWidget(m_sideTabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    // Size hints would give the side panel everything; the canvas is what the page is for.
    splitter->setSizes({900, 360});

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("graphStatus"));
    m_status->setWordWrap(true);
    m_cancelButton = new QPushButton(tr("Cancel layout"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelLayoutButton"));
    m_cancelButton->hide();
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_cancelButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(bar);
    layout->addWidget(splitter, 1);
    layout->addLayout(statusRow);

    connect(m_queue, &GraphLayoutQueue::laidOut, this, &PermissionGraphPage::onLaidOut);
    connect(m_queue, &GraphLayoutQueue::failed, this, &PermissionGraphPage::onLayoutFailed);
    connect(m_cancelButton, &QPushButton::clicked, this, &PermissionGraphPage::cancelLayout);
    connect(m_canvas, &GraphCanvasView::nodeActivated, this, &PermissionGraphPage::onNodeActivated);
    connect(m_canvas, &GraphCanvasView::nodeMenuRequested, this, &PermissionGraphPage::showNodeMenu);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &PermissionGraphPage::updateNodeInfo);
    connect(m_pathList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != m_highlighted)
            highlightPath(row);
    });
    setStatus(tr("Start from a decision path or search for a node."));
    updateNodeInfo();
}

PermissionGraphPage::~PermissionGraphPage() = default;

void PermissionGraphPage::buildToolBar(QWidget* bar)
{
    auto* rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    auto* first = new QHBoxLayout;
    auto* second = new QHBoxLayout;
    rows->addLayout(first);
    rows->addLayout(second);

    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("graphSearch"));
    m_search->setPlaceholderText(tr("Find a node by id or label…"));
    m_search->setClearButtonEnabled(true);
    m_completions = new QStringListModel(this);
    auto* completer = new QCompleter(m_completions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    completer->setMaxVisibleItems(15);
    m_search->setCompleter(completer);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    connect(completer, qOverload<const QString&>(&QCompleter::activated), this,
            [this](const QString& text) { search(text); });

    m_pathCombo = new QComboBox(bar);
    m_pathCombo->setObjectName(QStringLiteral("pathCombo"));
    m_pathCombo->setMinimumContentsLength(24);
    m_pathCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    connect(m_pathCombo, &QComboBox::activated, this, [this](int index) {
        const QString id = m_pathCombo->itemData(index).toString();
        if (!id.isEmpty())
            startFrom(id);
    });
    first->addWidget(new QLabel(tr("Find:"), bar));
    first->addWidget(m_search, 2);
    first->addSpacing(12);
    first->addWidget(new QLabel(tr("Start from decision path:"), bar));
    first->addWidget(m_pathCombo, 1);

    m_targetCombo = new QComboBox(bar);
    m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
    m_targetCombo->addItem(tr("to Tier Zero"), static_cast<int>(Target::TierZero));
    m_targetCombo->addItem(tr("to every sensitive target"), static_cast<int>(Target::Sensitive));
    m_targetCombo->addItem(tr("to the chosen node"), static_cast<int>(Target::ChosenNode));
    m_kSpin = new QSpinBox(bar);
    m_kSpin->setObjectName(QStringLiteral("kSpin"));
    m_kSpin->setRange(1, 50);
    m_kSpin->setValue(3);
    m_kSpin->setPrefix(tr("up to "));
    m_kSpin->setSuffix(tr(" paths"));
    auto* pathsButton = new QPushButton(tr("Find paths"), bar);
    pathsButton->setObjectName(QStringLiteral("pathsButton"));
    pathsButton->setToolTip(tr("Shortest paths from the start node, and alternatives"));
    connect(pathsButton, &QPushButton::clicked, this, [this] {
        showPaths(static_cast<Target>(m_targetCombo->currentData().toInt()), m_kSpin->value(),
                  m_maxHopsSpin->value());
    });
    second->addWidget(new QLabel(tr("Paths from the start node"), bar));
    second->addWidget(m_targetCombo);
    m_maxHopsSpin = new QSpinBox(bar);
    m_maxHopsSpin->setObjectName(QStringLiteral("maxHopsSpin"));
    m_maxHopsSpin->setRange(0, 1000);
    m_maxHopsSpin->setSpecialValueText(tr("any length"));
    m_maxHopsSpin->setPrefix(tr("at most "));
    m_maxHopsSpin->setSuffix(tr(" hops"));
    m_maxHopsSpin->setToolTip(tr("Longest path, in edges (0: any length)"));
    second->addWidget(m_kSpin);
    second->addWidget(m_maxHopsSpin);
    second->addWidget(pathsButton);
    auto* zonesButton = new QPushButton(tr("Zones and findings…"), bar);
    zonesButton->setObjectName(QStringLiteral("zonesButton"));
    zonesButton->setToolTip(
        tr("Privilege zones, and identities with a path into Tier Zero or a higher zone"));
    connect(zonesButton, &QPushButton::clicked, this, &PermissionGraphPage::openZonesDialog);
    second->addWidget(zonesButton);
    second->addStretch(1);

    const auto button = [bar, second](const QString& text, const QString& name, const QString& tip) {
        auto* b = new QPushButton(text, bar);
        b->setObjectName(name);
        b->setToolTip(tip);
        second->addWidget(b);
        return b;
    };
    connect(button(tr("−"), QStringLiteral("zoomOutButton"), tr("Zoom out (−, wheel)")),
            &QPushButton::clicked, m_canvas, &GraphCanvasView::zoomOut);
    connect(button(tr("+"), QStringLiteral("zoomInButton"), tr("Zoom in (+, wheel)")), &QPushButton::clicked,
            m_canvas, &GraphCanvasView::zoomIn);
    connect(button(tr("Fit"), QStringLiteral("fitButton"), tr("Show the whole drawing (0)")),
            &QPushButton::clicked, m_canvas, &GraphCanvasView::fitAll);
    connect(button(tr("Export SVG…"), QStringLiteral("exportSvgButton"), tr("Save the drawing as SVG")),
            &QPushButton::clicked, this, [this] {
                const QString file = m_interaction.chooseSaveFile(this, tr("Export graph as SVG"),
                                                                  QStringLiteral("permission-graph.svg"),
                                                                  tr("SVG images (*.svg)"));
                if (file.isEmpty())
                    return;
                if (auto st = exportSvg(file); !st)
                    m_interaction.showError(this, tr("Export failed"), st.error().message);
            });
    connect(button(tr("Export PNG…"), QStringLiteral("exportPngButton"), tr("Save the drawing as PNG")),
            &QPushButton::clicked, this, [this] {
                const QString file = m_interaction.chooseSaveFile(this, tr("Export graph as PNG"),
                                                                  QStringLiteral("permission-graph.png"),
                                                                  tr("PNG images (*.png)"));
                if (file.isEmpty())
                    return;
                if (auto st = exportPng(file); !st)
                    m_interaction.showError(this, tr("Export failed"), st.error().message);
            });
}

void PermissionGraphPage::refresh()
{
    if (!m_services.graph)
        return;
    m_queries->refresh();
    if (m_zonesDialog)
        m_zonesDialog->refresh();
    auto loaded = m_services.graph->graph(m_session);
    if (!loaded) {
        setStatus(loaded.error().message, true);
        return;
    }
    std::shared_ptr<const PermissionGraph> graph = *loaded;
    const bool same =
        m_graph && graph->nodeCount() == m_graph->nodeCount() && graph->edgeCount() == m_graph->edgeCount();
    QStringList shown;
    QStringList expanded;
    if (m_graph) {
        for (auto i : m_excerpt.nodes()) {
            shown << m_graph->node(i).id;
            if (m_excerpt.isExpanded(i))
                expanded << m_graph->node(i).id;
        }
    }
    m_graph = graph;
    m_excerpt.setGraph(m_graph);
    for (const QString& id : std::as_const(shown)) {
        if (auto i = m_graph->indexOf(id))
            m_excerpt.show(*i);
    }
    for (const QString& id : std::as_const(expanded)) {
        if (auto i = m_graph->indexOf(id))
            m_excerpt.expand(*i);
    }

    QStringList completions;
    for (PermissionGraph::Index i = 0; i < m_graph->nodeCount() && completions.size() < kMaxCompletions;
         ++i) {
        const auto& n = m_graph->node(i);
        completions << n.id;
        if (!n.label.isEmpty() && n.label != n.id)
            completions << n.label;
    }
    completions.removeDuplicates();
    completions.sort(Qt::CaseInsensitive);
    m_completions->setStringList(completions);
    fillPathCombo();

    if (m_excerpt.nodes().empty()) {
        // The catalogue alone gives AI paths and placeholders for the identities they run as.
        bool imported = false;
        for (PermissionGraph::Index i = 0; i < m_graph->nodeCount() && !imported; ++i) {
            const auto& n = m_graph->node(i);
            imported = n.kind != GraphNodeKind::AiPath &&
                       !n.attributes.value(QStringLiteral("placeholder")).toBool();
        }
        const QString hint = !imported
                                 ? tr("No permission graph imported yet: import one with "
                                      "gatehousectl graph import --aws|--k8s|--azure FILE.")
                                 : tr("Start from a decision path or search for a node (%1 nodes, %2 edges).")
                                       .arg(m_graph->nodeCount())
                                       .arg(m_graph->edgeCount());
        setStatus(hint);
        // The same sentence in the middle of the empty canvas, where the eye goes first.
        m_scene->clear();
        m_nodeItems.clear();
        m_edgeItems.clear();
        QGraphicsSimpleTextItem* text = m_scene->addSimpleText(hint);
        text->setBrush(QColor(0x70, 0x70, 0x70));
        m_scene->setSceneRect(text->boundingRect().adjusted(-20, -20, 20, 20));
        m_canvas->setTransform(QTransform());
        m_canvas->centerOn(text);
        return;
    }
    if (!same || m_nodeItems.isEmpty())
        relayout();
}

void PermissionGraphPage::fillPathCombo()
{
    const QString current = m_pathCombo->currentData().toString();
    m_pathCombo->clear();
    m_pathCombo->addItem(tr("— choose —"), QString());
    QList<QPair<QString, QString>> paths;
    for (PermissionGraph::Index i = 0; i < m_graph->nodeCount(); ++i) {
        const auto& n = m_graph->node(i);
        if (n.kind == GraphNodeKind::AiPath)
            paths << qMakePair(n.id, n.label);
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& [id, label] : std::as_const(paths))
        m_pathCombo->addItem(QStringLiteral("%1 (%2)").arg(label.isEmpty() ? id : label, id.mid(5)), id);
    const int index = m_pathCombo->findData(current);
    m_pathCombo->setCurrentIndex(index < 0 ? 0 : index);
}

bool PermissionGraphPage::startFrom(const QString& id)
{
    if (!m_graph)
        refresh();
    if (!m_graph)
        return false;
    const auto index = m_graph->indexOf(id);
    if (!index) {
        setStatus(tr("No node \"%1\" in the permission graph.").arg(id), true);
        return false;
    }
    m_startId = id;
    m_starts = {id};
    m_mode = Mode::Neighbourhood;
    m_paths.clear();
    m_highlighted = -1;
    m_pathList->clear();
    m_hopList->clear();
    m_excerpt.clear();
    m_excerpt.expand(*index);
    relayout();
    return true;
}

bool PermissionGraphPage::search(const QString& text)
{
    if (!m_graph)
        refresh();
    const QString wanted = text.trimmed();
    if (!m_graph || wanted.isEmpty())
        return false;
    if (m_graph->indexOf(wanted))
        return startFrom(wanted);
    std::optional<PermissionGraph::Index> labelMatch;
    std::optional<PermissionGraph::Index> partial;
    for (PermissionGraph::Index i = 0; i < m_graph->nodeCount(); ++i) {
        const auto& n = m_graph->node(i);
        if (!labelMatch && n.label.compare(wanted, Qt::CaseInsensitive) == 0)
            labelMatch = i;
        if (!partial &&
            (n.id.contains(wanted, Qt::CaseInsensitive) || n.label.contains(wanted, Qt::CaseInsensitive)))
            partial = i;
        if (labelMatch)
            break;
    }
    if (labelMatch)
        return startFrom(m_graph->node(*labelMatch).id);
    if (partial)
        return startFrom(m_graph->node(*partial).id);
    setStatus(tr("Nothing in the permission graph matches \"%1\".").arg(wanted), true);
    return false;
}

int PermissionGraphPage::expand(const QString& id)
{
    if (!m_graph)
        return -1;
    const auto index = m_graph->indexOf(id);
    if (!index || !m_excerpt.contains(*index))
        return -1;
    const int added = m_excerpt.expand(*index);
    relayout();
    return added;
}

int PermissionGraphPage::revealGroup(const QString& aroundId, GraphNodeKind kind)
{
    if (!m_graph)
        return -1;
    const auto index = m_graph->indexOf(aroundId);
    if (!index || !m_excerpt.contains(*index))
        return -1;
    const int added = m_excerpt.revealMore(*index, kind);
    relayout();
    return added;
}

int PermissionGraphPage::showPaths(Target target, int k, int maxHops)
{
    if (!m_services.graph || !m_graph)
        return -1;
    if (m_starts.isEmpty()) {
        setStatus(tr("Start from a node first: paths begin there."), true);
        return -1;
    }
    GraphPathQuery query;
    query.from = m_starts;
    query.k = k;
    query.maxHops = maxHops;
    QString targetText;
    switch (target) {
    case Target::TierZero:
        query.toTierZero = true;
        targetText = tr("Tier Zero");
        break;
    case Target::Sensitive:
        query.toSensitive = true;
        targetText = tr("a sensitive target");
        break;
    case Target::ChosenNode:
        if (m_chosenTargets.isEmpty()) {
            setStatus(tr("Choose a target first (right-click a node, \"Use as path target\")."), true);
            return -1;
        }
        query.to = m_chosenTargets;
        targetText = startsText(m_chosenTargets);
        break;
    }
    return showQuery(query, targetText);
}

GraphPathQuery PermissionGraphPage::currentQuery() const
{
    GraphPathQuery query;
    query.from = m_starts;
    query.k = m_kSpin->value();
    query.maxHops = m_maxHopsSpin->value();
    switch (static_cast<Target>(m_targetCombo->currentData().toInt())) {
    case Target::TierZero:
        query.toTierZero = true;
        break;
    case Target::Sensitive:
        query.toSensitive = true;
        break;
    case Target::ChosenNode:
        query.to = m_chosenTargets;
        break;
    }
    return query;
}

int PermissionGraphPage::runQuery(const GraphPathQuery& query, const QString& title,
                                  const QString& targetText)
{
    if (!m_graph)
        refresh();
    if (!m_services.graph || !m_graph)
        return -1;
    // The controls show the query, so "Find paths" and "Save current…" start from it.
    m_starts = query.from;
    m_startId = query.from.value(0);
    const Target target = query.toSensitive  ? Target::Sensitive
                          : query.toTierZero ? Target::TierZero
                                             : Target::ChosenNode;
    if (target == Target::ChosenNode)
        m_chosenTargets = query.to;
    m_targetCombo->setCurrentIndex(m_targetCombo->findData(static_cast<int>(target)));
    m_kSpin->setValue(query.k);
    m_maxHopsSpin->setValue(query.maxHops);
    QString targets = targetText;
    if (targets.isEmpty())
        targets = target == Target::Sensitive  ? tr("a sensitive target")
                  : target == Target::TierZero ? tr("Tier Zero")
                                               : startsText(query.to);
    const int found = showQuery(query, targets);
    if (found > 0 && !title.isEmpty())
        m_queryTitle =
            tr("%1: %2 from %3 to %4 (hops in the Paths tab)")
                .arg(title, countText(found, tr("%1 path"), tr("%1 paths")), startsText(query.from), targets);
    return found;
}

GraphZonesDialog* PermissionGraphPage::zonesDialog() const
{
    return m_zonesDialog;
}

GraphZonesDialog* PermissionGraphPage::openZonesDialog()
{
    if (!m_services.graph)
        return nullptr;
    if (!m_zonesDialog) {
        m_zonesDialog = new GraphZonesDialog(*m_services.graph, m_session, m_interaction, this);
        m_zonesDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_zonesDialog, &GraphZonesDialog::findingActivated, this,
                [this](GraphPathQuery query, const QString& into) {
                    query.k = m_kSpin->value();
                    query.maxHops = m_maxHopsSpin->value();
                    runQuery(query, tr("Finding"), into);
                });
    }
    m_zonesDialog->refresh();
    m_zonesDialog->show();
    m_zonesDialog->raise();
    m_zonesDialog->activateWindow();
    return m_zonesDialog;
}

QString PermissionGraphPage::startsText(const QStringList& ids) const
{
    if (ids.size() == 1)
        return nodeLine(ids.first());
    return countText(ids.size(), tr("%1 node"), tr("%1 nodes"));
}

int PermissionGraphPage::showQuery(const GraphPathQuery& query, const QString& targetText)
{
    m_queryTitle.clear();
    auto found = m_services.graph->paths(m_session, query);
    if (!found) {
        setStatus(found.error().message, true);
        return -1;
    }
    if (found->isEmpty()) {
        setStatus(tr("No path from %1 to %2.").arg(startsText(query.from), targetText));
        return 0;
    }
    m_paths = *found;
    m_mode = Mode::Paths;
    m_excerpt.clear();
    for (const GraphFoundPath& path : std::as_const(m_paths)) {
        if (auto i = m_graph->indexOf(path.start))
            m_excerpt.show(*i);
        for (const GraphPathHop& hop : path.hops) {
            if (auto i = m_graph->indexOf(hop.edge.to))
                m_excerpt.show(*i);
        }
    }
    const QSignalBlocker block(m_pathList);
    m_pathList->clear();
    for (int i = 0; i < m_paths.size(); ++i) {
        const GraphFoundPath& p = m_paths.at(i);
        m_pathList->addItem(tr("%1. %2 to %3%4")
                                .arg(i + 1)
                                .arg(countText(p.hops.size(), tr("%1 hop"), tr("%1 hops")), nodeLine(p.end),
                                     p.conditional ? tr(" (conditional)") : QString()));
    }
    highlightPath(0);
    relayout();
    return static_cast<int>(m_paths.size());
}

void PermissionGraphPage::highlightPath(int index)
{
    if (index < 0 || index >= m_paths.size())
        return;
    m_highlighted = index;
    {
        const QSignalBlocker block(m_pathList);
        m_pathList->setCurrentRow(index);
    }
    m_hopList->clear();
    const GraphFoundPath& path = m_paths.at(index);
    if (path.hops.isEmpty())
        m_hopList->addItem(tr("%1 is itself a target.").arg(nodeLine(path.start)));
    for (int i = 0; i < path.hops.size(); ++i) {
        const GraphPathHop& hop = path.hops.at(i);
        QString head = QStringLiteral("%1. %2 → %3  [%4]")
                           .arg(i + 1)
                           .arg(hop.fromLabel, hop.toLabel, graphEdgeKindName(hop.edge.kind));
        if (!hop.edge.escalation.isEmpty())
            head += QStringLiteral(" · ") + hop.edge.escalation;
        if (hop.edge.conditional)
            head += tr(" · conditional");
        if (hop.toTierZero)
            head += tr(" · Tier Zero");
        auto* item = new QListWidgetItem(head + QLatin1Char('\n') + hop.edge.explanation, m_hopList);
        item->setToolTip(tr("Origin: %1").arg(hop.edge.origin));
        if (!hop.edge.escalation.isEmpty())
            item->setForeground(GraphStyle::escalationColour().darker(120));
    }
    applyHighlight();
}

void PermissionGraphPage::applyHighlight()
{
    QSet<QString> nodes;
    QSet<QString> edges;
    if (m_highlighted >= 0 && m_highlighted < m_paths.size()) {
        const GraphFoundPath& path = m_paths.at(m_highlighted);
        nodes.insert(path.start);
        for (const GraphPathHop& hop : path.hops) {
            nodes.insert(hop.edge.to);
            edges.insert(edgeKey(hop.edge.from, hop.edge.to, hop.edge.kind));
        }
    }
    const bool any = !nodes.isEmpty();
    for (auto it = m_nodeItems.cbegin(); it != m_nodeItems.cend(); ++it) {
        const bool on = nodes.contains(it.key());
        it.value()->setHighlighted(on);
        it.value()->setOpacity(!any || on ? 1.0 : kDimmed);
    }
    for (GraphEdgeItem* item : std::as_const(m_edgeItems)) {
        const bool on = edges.contains(item->data(0).toString());
        item->setHighlighted(on);
        item->setOpacity(!any || on ? 1.0 : kDimmed);
    }
}

void PermissionGraphPage::relayout()
{
    if (!m_graph)
        return;
    if (m_layoutJob != 0)
        m_queue->cancel(m_layoutJob);
    auto pending = std::make_unique<Pending>();
    const QFont font = m_canvas->font();
    QHash<PermissionGraph::Index, int> position;
    GraphLayoutRequest request;
    for (PermissionGraph::Index i : m_excerpt.nodes()) {
        const auto& n = m_graph->node(i);
        position.insert(i, static_cast<int>(pending->nodes.size()));
        pending->nodes.push_back(std::make_unique<GraphNodeItem>(n.id, n.label, n.kind, n.tierZero, font));
        request.nodes << GraphLayoutNode{pending->nodes.back()->size()};
    }
    for (PermissionGraph::Index e : m_excerpt.edges()) {
        const auto detail = m_graph->edgeDetail(e);
        const QString& from = m_graph->node(m_graph->edgeFrom(e)).id;
        const QString& to = m_graph->node(m_graph->edgeTo(e)).id;
        request.edges << GraphLayoutEdge{position.value(m_graph->edgeFrom(e)),
                                         position.value(m_graph->edgeTo(e))};
        pending->edges << Pending::Edge{
            edgeKey(from, to, m_graph->edgeKind(e)),
            request.edges.last().from,
            request.edges.last().to,
            static_cast<qint64>(e),
            detail.escalation.isEmpty() ? GraphEdgeItem::Style::Plain : GraphEdgeItem::Style::Escalation,
            m_graph->edgeConditional(e),
            QStringLiteral("%1 [%2]%3\n%4")
                .arg(graphEdgeKindName(m_graph->edgeKind(e)),
                     detail.escalation.isEmpty() ? QString() : QStringLiteral(" "), detail.escalation,
                     detail.explanation)};
    }
    const QList<GraphExcerpt::Collapsed> collapsed = m_excerpt.collapsed();
    for (const GraphExcerpt::Collapsed& c : collapsed) {
        const QString& around = m_graph->node(c.around).id;
        auto* group = GraphNodeItem::group(around, c.kind, c.count, font);
        pending->groups.insert(group->id(), c);
        const int at = static_cast<int>(pending->nodes.size());
        pending->nodes.push_back(std::unique_ptr<GraphNodeItem>(group));
        request.nodes << GraphLayoutNode{group->size()};
        request.edges << GraphLayoutEdge{position.value(c.around), at};
        pending->edges << Pending::Edge{
            groupKey(around, c.kind), position.value(c.around), at, -1, GraphEdgeItem::Style::ToGroup, false,
            group->toolTip()};
    }
    request.algorithm = m_mode == Mode::Paths && request.nodes.size() <= GraphLayoutEngine::kMaxDotNodes
                            ? GraphLayoutAlgorithm::Dot
                            : GraphLayoutAlgorithm::Sfdp;
    const auto nodeCount = request.nodes.size();
    const QString algorithm = graphLayoutAlgorithmName(request.algorithm);
    m_pending = std::move(pending);
    m_layoutJob = m_queue->submit(std::move(request));
    m_cancelButton->show();
    setStatus(
        tr("Laying out %1 with %2…").arg(countText(nodeCount, tr("%1 node"), tr("%1 nodes")), algorithm));
}

void PermissionGraphPage::onLaidOut(quint64 id, const GraphLayoutResult& result)
{
    if (id != m_layoutJob || !m_pending)
        return;
    m_layoutJob = 0;
    m_cancelButton->hide();
    std::unique_ptr<Pending> pending = std::move(m_pending);

    m_scene->clearSelection();
    m_scene->clear();
    m_nodeItems.clear();
    m_edgeItems.clear();
    qsizetype groups = 0;
    QList<QPointF> centres = result.centres;
    for (size_t i = 0; i < pending->nodes.size(); ++i) {
        GraphNodeItem* item = pending->nodes[i].release();
        item->setPos(centres.value(static_cast<qsizetype>(i)));
        if (item->isGroup()) {
            ++groups;
            const GraphExcerpt::Collapsed c = pending->groups.value(item->id());
            item->setData(0, m_graph->node(c.around).id);
            item->setData(1, static_cast<int>(c.kind));
        } else {
            m_nodeItems.insert(item->id(), item);
        }
        m_scene->addItem(item);
    }
    for (qsizetype j = 0; j < pending->edges.size(); ++j) {
        const Pending::Edge& e = pending->edges.at(j);
        GraphLayoutSpline spline = result.edges.value(j);
        if (spline.points.size() < 2) // not routed: a straight line, centre to centre
            spline = GraphLayoutSpline{{centres.value(e.from), centres.value(e.to)}, false, {}};
        auto* item = new GraphEdgeItem(spline.points, spline.hasTip, spline.tip, e.style, e.conditional);
        item->setEdgeIndex(e.edgeIndex);
        item->setData(0, e.key);
        item->setToolTip(e.toolTip);
        m_edgeItems << item;
        m_scene->addItem(item);
    }
    m_scene->setSceneRect(result.bounds.adjusted(-40, -40, 40, 40));
    m_lastAlgorithm = result.algorithm;
    applyHighlight();
    m_canvas->fitAll();
    updateNodeInfo();

    QString text =
        m_mode == Mode::Paths && !m_queryTitle.isEmpty() ? m_queryTitle + QStringLiteral(" · ") : QString();
    text += tr("%1 and %2 shown")
                .arg(countText(m_nodeItems.size(), tr("%1 node"), tr("%1 nodes")),
                     countText(m_edgeItems.size() - groups, tr("%1 edge"), tr("%1 edges")));
    if (groups > 0)
        text += QStringLiteral(" · ") + countText(groups, tr("%1 collapsed group (double-click to open)"),
                                                  tr("%1 collapsed groups (double-click to open)"));
    text +=
        QStringLiteral(" · ") +
        tr("laid out by %1 in %2 ms").arg(graphLayoutAlgorithmName(result.algorithm)).arg(result.elapsedMs);
    text += QStringLiteral(" · ") + tr("%1 nodes in the whole graph").arg(m_graph->nodeCount());
    setStatus(text);
    emit layoutShown();
}

void PermissionGraphPage::onLayoutFailed(quint64 id, const QString& message)
{
    if (id != m_layoutJob)
        return;
    m_layoutJob = 0;
    m_pending.reset();
    m_cancelButton->hide();
    setStatus(tr("Layout failed: %1").arg(message), true);
    emit layoutFailed(message);
}

void PermissionGraphPage::cancelLayout()
{
    if (m_layoutJob == 0)
        return;
    m_queue->cancel(m_layoutJob);
    m_layoutJob = 0;
    m_pending.reset();
    m_cancelButton->hide();
    setStatus(tr("Layout cancelled; the canvas shows the previous drawing."));
}

void PermissionGraphPage::onNodeActivated(GraphNodeItem* node)
{
    if (node->isGroup())
        revealGroup(node->data(0).toString(), static_cast<GraphNodeKind>(node->data(1).toInt()));
    else
        expand(node->id());
}

void PermissionGraphPage::showNodeMenu(GraphNodeItem* node, const QPoint& globalPos)
{
    QMenu menu(this);
    if (node->isGroup()) {
        const QString around = node->data(0).toString();
        const auto kind = static_cast<GraphNodeKind>(node->data(1).toInt());
        menu.addAction(
            tr("Show %1 more").arg(qMin<qsizetype>(node->groupCount(), GraphExcerpt::kRevealPerKind)), this,
            [this, around, kind] { revealGroup(around, kind); });
        menu.exec(globalPos);
        return;
    }
    const QString id = node->id();
    menu.addAction(tr("Expand neighbours"), this, [this, id] { expand(id); });
    menu.addAction(tr("Start here"), this, [this, id] { startFrom(id); });
    menu.addAction(tr("Paths from here to Tier Zero"), this, [this, id] {
        if (startFrom(id))
            showPaths(Target::TierZero, m_kSpin->value(), m_maxHopsSpin->value());
    });
    menu.addAction(tr("Use as path target"), this, [this, id] {
        m_chosenTargets = {id};
        m_targetCombo->setCurrentIndex(m_targetCombo->findData(static_cast<int>(Target::ChosenNode)));
        setStatus(tr("Target: %1. \"Find paths\" searches from the start node to it.").arg(nodeLine(id)));
    });
    menu.addSeparator();
    menu.addAction(tr("Copy id"), this, [id] { QApplication::clipboard()->setText(id); });
    menu.exec(globalPos);
}

void PermissionGraphPage::updateNodeInfo()
{
    const QList<QGraphicsItem*> selected = m_scene->selectedItems();
    GraphNodeItem* node = nullptr;
    for (QGraphicsItem* item : selected) {
        if (item->type() == GraphNodeItem::Type)
            node = static_cast<GraphNodeItem*>(item);
    }
    if (!node || node->isGroup() || !m_graph) {
        m_nodeInfo->setText(tr("<span style='color:#888'>Click a node to see it; double-click to expand "
                               "its neighbours; right-click for more.</span>"));
        return;
    }
    const auto index = m_graph->indexOf(node->id());
    if (!index)
        return;
    const QString html = GraphNodeDescription::html(m_graph->node(*index), m_graph->outEdges(*index).size(),
                                                    m_graph->inEdges(*index).size());
    m_nodeInfo->setText(html);
}

QString PermissionGraphPage::nodeLine(const QString& id) const
{
    if (!m_graph)
        return id;
    const auto index = m_graph->indexOf(id);
    if (!index)
        return id;
    const auto& n = m_graph->node(*index);
    return n.label.isEmpty() ? id : n.label;
}

void PermissionGraphPage::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #8a1111; }") : QString());
}

QList<GraphNodeItem*> PermissionGraphPage::nodeItems() const
{
    return m_nodeItems.values();
}

Status PermissionGraphPage::exportSvg(const QString& fileName) const
{
    if (m_nodeItems.isEmpty())
        return fail(ErrorCode::InvalidInput, tr("Nothing to export: the canvas is empty."));
    return GraphSceneExport::svg(m_scene, fileName, tr("Excerpt starting from %1").arg(m_startId));
}

Status PermissionGraphPage::exportPng(const QString& fileName) const
{
    if (m_nodeItems.isEmpty())
        return fail(ErrorCode::InvalidInput, tr("Nothing to export: the canvas is empty."));
    return GraphSceneExport::png(m_scene, fileName);
}

} // namespace gatehouse
