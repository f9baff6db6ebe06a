#pragma once

#include <functional>

#include <QString>

#include "Error.h"

class QDialog;
class QHBoxLayout;
class QLabel;
class QPushButton;

namespace gatehouse {

/// What the graph page's validating editors (saved query, privilege zone) share: a red
/// "issue" line saying what must change before Save is allowed, a boxed save error holding
/// the service's refusal (selectable, hidden until set), and Save / Cancel buttons where
/// Ctrl+Return saves and a plain Return in a field does not. All widgets are children of
/// the dialog; the caller places them in its layout.
struct EditorDialogParts
{
    QLabel* issue = nullptr;
    QLabel* saveError = nullptr;
    QPushButton* saveButton = nullptr;
    QHBoxLayout* buttons = nullptr; ///< stretch, Save, Cancel (Cancel rejects the dialog)

    /// \a issueObjectName names the issue label for tests ("queryIssue", "zoneIssue").
    static EditorDialogParts create(QDialog* dialog, const QString& issueObjectName,
                                    const std::function<void()>& save);

    /// Shows \a valid's error as the issue (hidden when valid) and enables Save only when valid.
    void showIssue(const Status& valid) const;
    /// The issue shown, or an empty string.
    QString issueText() const;
    /// Shows \a message in the save-error box; an empty message hides it.
    void showSaveError(const QString& message) const;
    /// The save error shown, or an empty string.
    QString saveErrorText() const;
};

} // namespace gatehouse
