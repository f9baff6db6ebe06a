#pragma once

#include <functional>

#include <QDate>
#include <QDialog>
#include <QHash>

#include "DecisionPath.h"
#include "DecisionPathValidator.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace gatehouse {

/// Editor for every field of a decision path. Validates as the user types with
/// DecisionPathValidator::validateFields and shows each problem under its field;
/// Save stays disabled while a problem remains. Saving is delegated to a save
/// handler (the catalogue's commands), so the dialog stays open when the service
/// refuses (permission, stale version) and the user keeps the edits.
/// Keyboard: Ctrl+Return saves, Esc cancels.
class DecisionPathDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode
    {
        Create,
        Edit,
    };
    /// Returns true when the path was stored; the dialog then accepts and closes.
    using SaveHandler = std::function<bool(const DecisionPath&)>;

    DecisionPathDialog(Mode mode, const DecisionPath& initial, const QStringList& ownerCandidates,
                       const QDate& today, QWidget* parent = nullptr);

    Mode mode() const { return m_mode; }
    /// Replaces every field with \a path (e.g. after reloading a stale path).
    void setPath(const DecisionPath& path);
    /// Starts over from \a base (its version is what the next save must match) but shows
    /// the fields of \a shown (e.g. a merge of the user's edits onto the stored path).
    void setPath(const DecisionPath& base, const DecisionPath& shown);
    /// The path as edited: the original's status, version and timestamps plus the fields.
    DecisionPath path() const;
    /// The path the editor was filled with (last setPath()).
    const DecisionPath& originalPath() const { return m_original; }

    void setSaveHandler(SaveHandler handler) { m_saveHandler = std::move(handler); }
    /// Shows a refusal from the service verbatim above the buttons.
    void showSaveError(const QString& message);
    QString saveError() const;
    /// Shows a neutral note above the buttons (e.g. "reloaded version 4").
    void showNotice(const QString& message);
    QString notice() const;

    QList<FieldIssue> issues() const { return m_issues; }
    QPushButton* saveButton() const { return m_saveButton; }

public slots:
    /// Saves through the handler if the fields are valid.
    void save();

private:
    QWidget* buildIdentitySection();
    QWidget* buildRiskSection();
    QWidget* buildFrameworkSection();
    QLabel* addIssueLabel(const QString& field);
    QListWidget* makeCodeList(const QString& objectName, const QStringList& codes);
    void revalidate();
    void updateFrameworkTabTitles();

    Mode m_mode;
    DecisionPath m_original;
    QDate m_today;
    SaveHandler m_saveHandler;
    QList<FieldIssue> m_issues;
    bool m_filling = false;

    QLineEdit* m_id = nullptr;
    QLineEdit* m_name = nullptr;
    QPlainTextEdit* m_description = nullptr;
    QComboBox* m_owner = nullptr;
    QLineEdit* m_team = nullptr;
    QLineEdit* m_aiComponent = nullptr;
    QComboBox* m_environment = nullptr;
    QLineEdit* m_workload = nullptr;
    QPlainTextEdit* m_actionTypes = nullptr;
    QPlainTextEdit* m_targets = nullptr;
    QComboBox* m_tier = nullptr;
    QComboBox* m_reversibility = nullptr;
    QDoubleSpinBox* m_confidence = nullptr;
    QCheckBox* m_reviewScheduled = nullptr;
    QDateEdit* m_reviewDate = nullptr;
    QTabWidget* m_frameworkTabs = nullptr;
    QListWidget* m_owasp = nullptr;
    QListWidget* m_maestro = nullptr;
    QPlainTextEdit* m_nistAiRmf = nullptr;
    QListWidget* m_nistCsf = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_activationNote = nullptr;
    QLabel* m_saveError = nullptr;
    QLabel* m_notice = nullptr;
    QPushButton* m_saveButton = nullptr;
    QHash<QString, QLabel*> m_issueLabels;
};

} // namespace gatehouse
