#pragma once

#include <functional>

#include <QPointer>
#include <QWidget>

#include "OperatorSession.h"
#include "PermissionGraphService.h"

class QLabel;
class QListWidget;
class QPushButton;

namespace gatehouse {

class GraphQueryDialog;
class UserInteraction;

/// The saved queries of the permission graph (BloodHound's saved-queries panel): a list with
/// name, description and who saved them, and Run, Save current…, Delete, Export… and
/// Import…. Every call goes to PermissionGraphService, which decides permissions (admins
/// and owners save, delete and import; every operator with a role lists, runs and exports);
/// buttons the operator cannot use are disabled with a tooltip saying why, and a refusal
/// that still comes (roles changed since sign-in) is shown verbatim.
class GraphSavedQueriesPanel : public QWidget
{
    Q_OBJECT
public:
    /// What "Save current query…" pre-fills: the page's start nodes, target, k and max hops.
    using CurrentQuery = std::function<GraphPathQuery()>;

    GraphSavedQueriesPanel(PermissionGraphService* graph, OperatorSession session,
                           UserInteraction& interaction, QWidget* parent = nullptr);

    void setCurrentQuery(CurrentQuery current) { m_currentQuery = std::move(current); }
    /// Reloads the list from the service, keeping the selection by name.
    void refresh();

    /// Runs the selected query: emits runRequested. False when none is selected or it does not parse.
    bool runSelected();
    /// Opens the save dialog pre-filled with the current query (raises it if already open).
    void saveCurrent();
    /// Asks for confirmation, then removes the selected query. True when it was removed.
    bool removeSelected();
    /// Asks for a file and writes the export there. True when written.
    bool exportToFile();
    /// Asks for a file and imports it (all or none). Returns how many were stored, -1 on failure.
    int importFromFile();

    /// Selects the query named \a name; false when it is not listed.
    bool select(const QString& name);
    QString selectedName() const;
    /// Names in list order.
    QStringList names() const;
    const QList<GraphSavedQuery>& queries() const { return m_queries; }

    /// The open save dialog, or null.
    GraphQueryDialog* activeDialog() const;
    QListWidget* list() const { return m_list; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* removeButton() const { return m_remove; }
    QPushButton* exportButton() const { return m_export; }
    QPushButton* importButton() const { return m_import; }
    QLabel* statusLabel() const { return m_status; }

    /// One line per part of \a query ("From: …", "To: …", "up to k paths, at most n hops").
    static QString describe(const GraphPathQuery& query);

signals:
    /// Run was asked for \a query (saved as \a name).
    void runRequested(const GraphPathQuery& query, const QString& name);

private:
    bool store(GraphQueryDialog* dialog, const GraphSavedQuery& query);
    void updateButtons();
    void setStatus(const QString& text, bool error = false);
    bool canWrite() const;

    PermissionGraphService* m_graph;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    CurrentQuery m_currentQuery;
    QList<GraphSavedQuery> m_queries;
    QPointer<GraphQueryDialog> m_dialog;

    QListWidget* m_list;
    QPushButton* m_run;
    QPushButton* m_save;
    QPushButton* m_remove;
    QPushButton* m_export;
    QPushButton* m_import;
    QLabel* m_status;
};

} // namespace gatehouse
