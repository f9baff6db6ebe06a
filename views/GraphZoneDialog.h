#pragma once

#include <functional>

#include <QDialog>

#include "PermissionGraphService.h"
#include "EditorDialogParts.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace gatehouse {

/// Editor for one privilege zone: name (fixed once stored: zones are replaced by name),
/// rank, and one or more selectors, one per table row ({"id": glob, "kind": name,
/// "attribute": key, "value": glob}; empty cells are left out). Validates as the user types
/// with PermissionGraphService::validateZone and keeps Save disabled while a problem remains;
/// saving goes through a handler, and a refusal from the service is shown verbatim.
class GraphZoneDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column
    {
        IdColumn,
        KindColumn,
        AttributeColumn,
        ValueColumn,
        ColumnCount,
    };
    /// Returns true when the zone was stored; the dialog then accepts and closes.
    using SaveHandler = std::function<bool(const GraphZone&)>;

    /// \a editing: \a initial is a stored zone (its name cannot change).
    GraphZoneDialog(const GraphZone& initial, bool editing, QWidget* parent = nullptr);

    GraphZone zone() const;
    bool isEditing() const { return m_editing; }
    void setSaveHandler(SaveHandler handler) { m_saveHandler = std::move(handler); }
    void showSaveError(const QString& message);
    QString saveError() const;
    QString issue() const;

    /// Adds an empty selector row and returns its index.
    int addSelector();
    void removeSelector(int row);

    QTableWidget* selectorTable() const { return m_selectors; }
    QPushButton* saveButton() const { return m_saveButton; }

    /// "kind role, id arn:aws:iam::*:role/prod-*, attribute team = prod-*".
    static QString selectorText(const QJsonObject& selector);
    /// Selectors joined by " or " (any selector puts a node in the zone).
    static QString selectorsText(const QList<QJsonObject>& selectors);

public slots:
    void save();

private:
    void setSelectorRow(int row, const QJsonObject& selector);
    void revalidate();

    bool m_editing;
    QLineEdit* m_name = nullptr;
    QSpinBox* m_rank = nullptr;
    QTableWidget* m_selectors = nullptr;
    EditorDialogParts m_parts;
    QPushButton* m_saveButton = nullptr;
    SaveHandler m_saveHandler;
};

} // namespace gatehouse
