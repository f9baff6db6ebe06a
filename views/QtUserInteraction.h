#pragma once

#include "UserInteraction.h"

namespace gatehouse {

/// UserInteraction with Qt's standard modal dialogs; used by the console.
class QtUserInteraction final : public UserInteraction
{
public:
    bool confirm(QWidget* parent, const QString& title, const QString& question) override;
    std::optional<QString> askText(QWidget* parent, const QString& title, const QString& label,
                                   const QString& initial = {}) override;
    int choose(QWidget* parent, const QString& title, const QString& message,
               const QStringList& options) override;
    QString chooseOpenFile(QWidget* parent, const QString& title, const QString& filter) override;
    QString chooseSaveFile(QWidget* parent, const QString& title, const QString& suggestedName,
                           const QString& filter) override;
    void showError(QWidget* parent, const QString& title, const QString& message) override;
    void showInfo(QWidget* parent, const QString& title, const QString& message) override;
};

} // namespace gatehouse
