#pragma once

#include <optional>

#include <QString>
#include <QStringList>

class QWidget;

namespace gatehouse {

/// Every modal question a page may put to the user, behind one interface so that
/// pages never open QMessageBox/QFileDialog/QInputDialog themselves and tests can
/// answer with a double instead of blocking on a modal dialog.
class UserInteraction
{
public:
    virtual ~UserInteraction() = default;

    /// Yes/no question; true when the user confirms.
    virtual bool confirm(QWidget* parent, const QString& title, const QString& question) = 0;
    /// One line of text (e.g. a reason); nullopt when the user cancels.
    virtual std::optional<QString> askText(QWidget* parent, const QString& title, const QString& label,
                                           const QString& initial = {}) = 0;
    /// Picks one of \a options (button texts); index into \a options, or -1 when cancelled.
    virtual int choose(QWidget* parent, const QString& title, const QString& message,
                       const QStringList& options) = 0;
    /// Path of an existing file, empty when cancelled. \a filter uses QFileDialog syntax.
    virtual QString chooseOpenFile(QWidget* parent, const QString& title, const QString& filter) = 0;
    /// Path to write, empty when cancelled.
    virtual QString chooseSaveFile(QWidget* parent, const QString& title, const QString& suggestedName,
                                   const QString& filter) = 0;
    /// Shows \a message unchanged (service error messages are shown verbatim).
    virtual void showError(QWidget* parent, const QString& title, const QString& message) = 0;
    virtual void showInfo(QWidget* parent, const QString& title, const QString& message) = 0;
};

} // namespace gatehouse
