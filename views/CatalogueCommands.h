#pragma once

#include <QObject>
#include <QPointer>

#include "ConsoleServices.h"
#include "DecisionPath.h"
#include "OperatorSession.h"

class QWidget;

namespace gatehouse {

class DecisionPathDialog;
class UserInteraction;

/// The catalogue's use cases (new, edit, activate, suspend, retire, import, export)
/// as one small controller, so the page only wires widgets. Every change goes through
/// CatalogueService with the signed-in session; refusals are shown verbatim.
class CatalogueCommands : public QObject
{
    Q_OBJECT
public:
    CatalogueCommands(ConsoleServices services, OperatorSession session, UserInteraction& interaction,
                      QWidget* dialogParent);

    /// Opens the editor on an empty draft (non-blocking; see activeEditor()).
    void newPath();
    /// Opens the editor on the stored version of \a id.
    void editPath(const QString& id);
    void activate(const QString& id);
    void suspend(const QString& id);
    void retire(const QString& id);
    void importFile();
    void exportFile();

    /// The open editor, or null.
    DecisionPathDialog* activeEditor() const { return m_editor; }

signals:
    /// Something was stored; \a id is the path to select afterwards (may be empty).
    void catalogueChanged(const QString& id);

private:
    QStringList ownerCandidates() const;
    void openEditor(bool creating, const DecisionPath& path);
    bool saveNew(DecisionPathDialog* dialog, const DecisionPath& path);
    bool saveEdit(DecisionPathDialog* dialog, const DecisionPath& path);
    void resolveStaleEdit(DecisionPathDialog* dialog, const DecisionPath& mine, const DecisionPath& stored,
                          const QString& serviceMessage);
    void showError(const QString& title, const QString& message);

    ConsoleServices m_services;
    OperatorSession m_session;
    UserInteraction& m_interaction;
    QWidget* m_dialogParent;
    QPointer<DecisionPathDialog> m_editor;
};

} // namespace gatehouse
