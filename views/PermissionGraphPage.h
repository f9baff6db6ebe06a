#pragma once

#include <memory>
#include <vector>

#include <QHash>
#include <QPointer>

#include "ConsolePage.h"
#include "ConsoleServices.h"
#include "GraphExcerpt.h"
#include "GraphLayoutEngine.h"
#include "OperatorSession.h"
#include "PermissionGraphService.h"

class QComboBox;
class QGraphicsScene;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStringListModel;
class QTabWidget;

namespace gatehouse {

class GraphCanvasView;
class GraphEdgeItem;
class GraphLayoutQueue;
class GraphNodeItem;
class GraphSavedQueriesPanel;
class GraphZonesDialog;
class UserInteraction;

/// The permission graph page: never the whole graph, but an excerpt (GraphExcerpt) that
/// starts from a decision path or a searched node and grows as the operator expands
/// neighbours. "Paths" asks PermissionGraphService for the shortest paths (and k
/// alternatives) from the start to Tier Zero, to every sensitive target, or to a chosen
/// node, shows only those paths, and explains the chosen one hop by hop. The "Saved
/// queries" tab (GraphSavedQueriesPanel) saves the current query and runs saved ones; "Zones
/// and findings…" (GraphZonesDialog) defines privilege zones and lists findings.
///
/// Layout runs on GraphLayoutQueue's worker thread: dot for path views (up to
/// GraphLayoutEngine::kMaxDotNodes nodes), sfdp for neighbourhoods. While it runs the old
/// drawing stays; a newer request or Cancel drops the running one's result.
class PermissionGraphPage : public ConsolePage
{
    Q_OBJECT
public:
    enum class Mode
    {
        Neighbourhood,
        Paths,
    };
    enum class Target
    {
        TierZero,
        Sensitive,
        ChosenNode,
    };

    PermissionGraphPage(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                        QWidget* parent = nullptr);
    ~PermissionGraphPage() override;

    /// Reloads the graph from the service; the excerpt keeps the nodes that still exist.
    void refresh() override;

    /// Shows \a id and its neighbourhood (expanded once); false when no such node.
    bool startFrom(const QString& id);
    /// Starts from the node the search text names (exact id, exact label, then the first
    /// id or label containing it, case-insensitively); false when none matches.
    bool search(const QString& text);
    /// Expands a shown node; returns how many nodes were added (-1: not shown).
    int expand(const QString& id);
    /// Opens kRevealPerKind more of a collapsed group around \a aroundId.
    int revealGroup(const QString& aroundId, GraphNodeKind kind);
    /// Paths from the start node(s) to \a target (the chosen nodes for Target::ChosenNode), up
    /// to k of them and at most \a maxHops edges long (0 = any); shows them and highlights the
    /// first. Returns how many were found, -1 on error.
    int showPaths(Target target, int k, int maxHops = 0);
    /// Runs \a query as `graph run-query` does (several starts and targets, Tier Zero, sensitive,
    /// k, max hops), sets the page's controls to it and shows the paths like showPaths.
    /// \a title names it in the status line (e.g. the saved query's name); \a targetText names
    /// the targets (default: Tier Zero, a sensitive target, the node or the number of nodes).
    int runQuery(const GraphPathQuery& query, const QString& title = {}, const QString& targetText = {});
    /// The query the page's controls describe (start nodes, target, k, max hops); what
    /// "Save current…" pre-fills.
    GraphPathQuery currentQuery() const;
    void setChosenTarget(const QString& id) { m_chosenTargets = {id}; }
    /// Opens (or raises) the modeless "Zones and findings" dialog.
    GraphZonesDialog* openZonesDialog();
    /// Highlights found path \a index hop by hop and lists its hops with their explanations.
    void highlightPath(int index);
    /// Drops the layout in progress (its result is thrown away when it arrives).
    void cancelLayout();

    [[nodiscard]] Status exportSvg(const QString& fileName) const;
    [[nodiscard]] Status exportPng(const QString& fileName) const;

    Mode mode() const { return m_mode; }
    QString startId() const { return m_startId; }
    bool isLayingOut() const { return m_layoutJob != 0; }
    /// Algorithm of the last finished layout.
    GraphLayoutAlgorithm lastAlgorithm() const { return m_lastAlgorithm; }
    const GraphExcerpt& excerpt() const { return m_excerpt; }
    const QList<GraphFoundPath>& foundPaths() const { return m_paths; }
    int highlightedPath() const { return m_highlighted; }

    /// Items on the canvas (after the last finished layout).
    QList<GraphNodeItem*> nodeItems() const;
    GraphNodeItem* nodeItem(const QString& id) const { return m_nodeItems.value(id); }
    QList<GraphEdgeItem*> edgeItems() const { return m_edgeItems; }
    GraphCanvasView* canvas() const { return m_canvas; }
    QGraphicsScene* scene() const { return m_scene; }
    QLineEdit* searchEdit() const { return m_search; }
    QListWidget* pathList() const { return m_pathList; }
    QListWidget* hopList() const { return m_hopList; }
    QLabel* statusLabel() const { return m_status; }
    GraphSavedQueriesPanel* savedQueriesPanel() const { return m_queries; }
    /// The open "Zones and findings" dialog, or null.
    GraphZonesDialog* zonesDialog() const;
    QTabWidget* sideTabs() const { return m_sideTabs; }
    QSpinBox* kSpin() const { return m_kSpin; }
    QSpinBox* maxHopsSpin() const { return m_maxHopsSpin; }
    QComboBox* targetCombo() const { return m_targetCombo; }
    GraphLayoutQueue* layoutQueue() const { return m_queue; }

signals:
    /// A layout arrived and the canvas shows it.
    void layoutShown();
    void layoutFailed(const QString& message);

private:
    struct Pending;
    void buildToolBar(QWidget* bar);
    /// Asks the service for \a query's paths and shows them; \a targetText names the targets.
    int showQuery(const GraphPathQuery& query, const QString& targetText);
    QString startsText(const QStringList& starts) const;
    void relayout();
    void onLaidOut(quint64 id, const GraphLayoutResult& result);
    void onLayoutFailed(quint64 id, const QString& message);
    void applyHighlight();
    void showNodeMenu(GraphNodeItem* node, const QPoint& globalPos);
    void onNodeActivated(GraphNodeItem* node);
    void updateNodeInfo();
    void fillPathCombo();
    void setStatus(const QString& text, bool error = false);
    QString nodeLine(const QString& id) const;

    ConsoleServices m_services;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    std::shared_ptr<const PermissionGraph> m_graph;
    GraphExcerpt m_excerpt;
    Mode m_mode = Mode::Neighbourhood;
    QString m_startId;
    QStringList m_starts; ///< start nodes of the current query (m_startId first)
    QStringList m_chosenTargets;
    QString m_queryTitle; ///< what the shown paths answer (a saved query, a finding); in the status line
    QList<GraphFoundPath> m_paths;
    int m_highlighted = -1;

    GraphLayoutQueue* m_queue;
    quint64 m_layoutJob = 0;
    std::unique_ptr<Pending> m_pending;
    GraphLayoutAlgorithm m_lastAlgorithm = GraphLayoutAlgorithm::Sfdp;

    QGraphicsScene* m_scene;
    GraphCanvasView* m_canvas;
    QHash<QString, GraphNodeItem*> m_nodeItems;
    QList<GraphEdgeItem*> m_edgeItems;

    QLineEdit* m_search = nullptr;
    QStringListModel* m_completions = nullptr;
    QComboBox* m_pathCombo = nullptr;
    QComboBox* m_targetCombo = nullptr;
    QSpinBox* m_kSpin = nullptr;
    QSpinBox* m_maxHopsSpin = nullptr;
    QTabWidget* m_sideTabs = nullptr;
    GraphSavedQueriesPanel* m_queries = nullptr;
    QPointer<GraphZonesDialog> m_zonesDialog;
    QPushButton* m_cancelButton = nullptr;
    QListWidget* m_pathList = nullptr;
    QListWidget* m_hopList = nullptr;
    QLabel* m_nodeInfo = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace gatehouse
