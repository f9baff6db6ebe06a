#pragma once

#include <QDialog>
#include <QPointer>

#include "OperatorSession.h"
#include "PermissionGraphService.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QTableWidget;

namespace gatehouse {

class GraphZoneDialog;
class UserInteraction;

/// One finding of PermissionGraphService::findings, split for display.
struct GraphFinding
{
    QString zone;     ///< empty: Tier Zero ("tier_zero|<id>")
    QString identity; ///< node id
    /// "tier_zero|<id>" or "zone:<name>|<id>" (zone names never contain "|"); nullopt otherwise.
    static std::optional<GraphFinding> parse(const QString& finding);
};

/// "Zones and findings" of the permission graph page: the privilege zones (name, rank,
/// selectors as text) with Add / Edit for admins (GraphZoneDialog), and the current
/// findings (zone, identity label, id) filtered by literal text. Double-clicking a finding
/// emits findingActivated, and the page shows the paths behind it. Modeless: the page stays
/// usable while it is open.
class GraphZonesDialog : public QDialog
{
    Q_OBJECT
public:
    enum FindingColumn
    {
        ZoneColumn,
        IdentityColumn,
        IdColumn,
    };

    GraphZonesDialog(PermissionGraphService& graph, OperatorSession session, UserInteraction& interaction,
                     QWidget* parent = nullptr);

    /// Reloads zones and findings from the service.
    void refresh();
    /// Opens the zone editor: empty for a new zone, or the selected zone (raises an open editor).
    void addZone();
    void editSelectedZone();
    /// Removes the selected zone after the operator confirms (admins; the service refuses others
    /// and its refusal is shown). Returns true when the zone was removed.
    bool removeSelectedZone();
    /// Literal, case-insensitive text over zone, label and id (no wildcard or regex syntax).
    void setFilterText(const QString& text);
    /// Emits findingActivated for the finding in filtered (and sorted) row \a row; false when
    /// the row is out of range or the zone no longer has a member.
    bool activateFinding(int row);
    /// The query behind \a finding: its identity to Tier Zero, or to the zone's members.
    std::optional<GraphPathQuery> queryFor(const GraphFinding& finding) const;

    const QList<GraphZone>& zones() const { return m_zones; }
    QStringList findings() const { return m_findings; }
    /// The open zone editor, or null.
    GraphZoneDialog* activeEditor() const;
    QTableWidget* zoneTable() const { return m_zoneTable; }
    QTableView* findingView() const { return m_findingView; }
    QSortFilterProxyModel* findingModel() const { return m_filter; }
    QLineEdit* filterEdit() const { return m_filterEdit; }
    QLabel* findingCount() const { return m_count; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* removeButton() const { return m_remove; }

signals:
    /// A finding was double-clicked: \a query goes from its identity to Tier Zero or to every
    /// member of its zone (k and max hops left for the page); \a into names the target.
    void findingActivated(const GraphPathQuery& query, const QString& into);
    void zonesChanged();

private:
    void openEditor(const GraphZone& zone, bool editing);
    bool store(GraphZoneDialog* editor, const GraphZone& zone, bool editing);
    void updateButtons();
    void updateCount();

    PermissionGraphService& m_graph;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    QList<GraphZone> m_zones;
    QStringList m_findings;
    std::shared_ptr<const PermissionGraph> m_graphData;
    QPointer<GraphZoneDialog> m_editor;

    QTableWidget* m_zoneTable;
    QPushButton* m_add;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QLabel* m_zoneNote;
    QLineEdit* m_filterEdit;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_filter;
    QTableView* m_findingView;
    QLabel* m_count;
};

} // namespace gatehouse
