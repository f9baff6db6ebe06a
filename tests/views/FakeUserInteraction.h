#pragma once

#include <QList>
#include <QQueue>
#include <QStringList>

#include "UserInteraction.h"

namespace gatehouse::test {

/// Answers a page's questions from queues filled by the test and records every
/// question and message, so GUI tests never block on a modal dialog.
/// An empty queue answers "cancel" (false, nullopt, -1, empty path).
class FakeUserInteraction final : public UserInteraction
{
public:
    struct Message
    {
        QString title;
        QString text;
    };

    QQueue<bool> confirmAnswers;
    QQueue<std::optional<QString>> textAnswers;
    QQueue<int> choiceAnswers;
    QQueue<QString> openFileAnswers;
    QQueue<QString> saveFileAnswers;

    QList<Message> errors;
    QList<Message> infos;
    QStringList questions;      ///< confirm() and askText() prompts, in order
    QList<QStringList> choices; ///< options offered by each choose()
    QStringList choiceMessages; ///< message of each choose()

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

    QString lastError() const { return errors.isEmpty() ? QString() : errors.constLast().text; }
};

} // namespace gatehouse::test
