#pragma once

#include <functional>

#include <QDialog>

#include "PermissionGraphService.h"
#include "EditorDialogParts.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace gatehouse {

/// "Save query" dialog of the permission graph page: name, description and the path query
/// (start nodes, target, k, max hops), pre-filled from the page. Validates as the user types
/// with PermissionGraphService::validateSavedQuery, shows the first problem and keeps Save
/// disabled while one remains. Saving goes through a handler (GraphSavedQueriesPanel), so the
/// dialog stays open with the user's input when the service refuses; the refusal is shown
/// verbatim above the buttons. Ctrl+Return saves, Esc cancels.
class GraphQueryDialog : public QDialog
{
    Q_OBJECT
public:
    /// Returns true when the query was stored; the dialog then accepts and closes.
    using SaveHandler = std::function<bool(const GraphSavedQuery&)>;

    explicit GraphQueryDialog(const GraphSavedQuery& initial, QWidget* parent = nullptr);

    /// The query as edited (name trimmed; savedBy and savedAt left empty for the service).
    GraphSavedQuery savedQuery() const;
    void setSaveHandler(SaveHandler handler) { m_saveHandler = std::move(handler); }
    /// Shows a refusal from the service verbatim above the buttons (empty hides it).
    void showSaveError(const QString& message);
    QString saveError() const;
    /// The validation problem shown, empty when the input is valid.
    QString issue() const;
    QPushButton* saveButton() const { return m_saveButton; }

public slots:
    /// Saves through the handler if the input is valid.
    void save();

private:
    void revalidate();

    QLineEdit* m_name;
    QPlainTextEdit* m_description;
    QPlainTextEdit* m_starts;
    QComboBox* m_target;
    QPlainTextEdit* m_targets;
    QSpinBox* m_k;
    QSpinBox* m_maxHops;
    EditorDialogParts m_parts;
    QPushButton* m_saveButton;
    SaveHandler m_saveHandler;
};

} // namespace gatehouse
