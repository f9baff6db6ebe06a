#pragma once

#include <optional>

#include "ConsolePage.h"
#include "ConsoleServices.h"
#include "DecisionPathDetailView.h"
#include "OperatorSession.h"

class QAction;
class QLabel;
class QTableView;
class QToolBar;

namespace gatehouse {

class CatalogueCommands;
class CatalogueFilterBar;
class DecisionPathDetailView;
class DecisionPathDialog;
class DecisionPathFilterModel;
class DecisionPathTableModel;
class UserInteraction;

/// The decision-path catalogue: a sortable, filterable table, the detail panel of
/// the selected path, and the actions of CatalogueCommands with their shortcuts.
class CataloguePage : public ConsolePage
{
    Q_OBJECT
public:
    CataloguePage(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                  QWidget* parent = nullptr);

    /// Re-reads the catalogue from the service, keeping the selection.
    void refresh() override;

    /// Selects the row of \a id (clearing filters is the caller's business); false if not shown.
    bool selectPath(const QString& id);
    /// Id of the selected path, empty when nothing is selected.
    QString selectedPathId() const;

    QTableView* tableView() const { return m_table; }
    DecisionPathTableModel* tableModel() const { return m_model; }
    DecisionPathFilterModel* filterModel() const { return m_filter; }
    CatalogueFilterBar* filterBar() const { return m_filterBar; }
    DecisionPathDetailView* detailView() const { return m_detail; }
    DecisionPathDialog* activeEditor() const;

    QAction* newAction() const { return m_newAction; }
    QAction* editAction() const { return m_editAction; }
    QAction* activateAction() const { return m_activateAction; }
    QAction* suspendAction() const { return m_suspendAction; }
    QAction* retireAction() const { return m_retireAction; }
    QAction* importAction() const { return m_importAction; }
    QAction* exportAction() const { return m_exportAction; }
    QAction* refreshAction() const { return m_refreshAction; }
    QAction* findAction() const { return m_findAction; }

private:
    QAction* makeAction(const QString& text, const QString& objectName, const QList<QKeySequence>& keys);
    void buildActions();
    void buildColumnMenu();
    void onCurrentChanged();
    void updateCountLabel();
    void resizeColumns();
    void reloadAndSelect(const QString& id);
    /// Amplification and blast radius of \a path from the permission graph, or why not.
    std::optional<DecisionPathDetailView::GraphExposure> graphExposure(const DecisionPath& path) const;

    ConsoleServices m_services;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    CatalogueCommands* m_commands;
    DecisionPathTableModel* m_model;
    DecisionPathFilterModel* m_filter;
    CatalogueFilterBar* m_filterBar;
    QToolBar* m_toolBar;
    QTableView* m_table;
    DecisionPathDetailView* m_detail;
    QLabel* m_countLabel;
    QLabel* m_loadError;
    bool m_columnsSized = false;

    QAction* m_newAction = nullptr;
    QAction* m_editAction = nullptr;
    QAction* m_activateAction = nullptr;
    QAction* m_suspendAction = nullptr;
    QAction* m_retireAction = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_findAction = nullptr;
};

} // namespace gatehouse
