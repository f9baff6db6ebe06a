#include "FakeUserInteraction.h"

namespace gatehouse::test {

bool FakeUserInteraction::confirm(QWidget*, const QString&, const QString& question)
{
    questions << question;
    return confirmAnswers.isEmpty() ? false : confirmAnswers.dequeue();
}

std::optional<QString> FakeUserInteraction::askText(QWidget*, const QString&, const QString& label,
                                                    const QString&)
{
    questions << label;
    return textAnswers.isEmpty() ? std::nullopt : textAnswers.dequeue();
}

int FakeUserInteraction::choose(QWidget*, const QString&, const QString& message, const QStringList& options)
{
    choices << options;
    choiceMessages << message;
    return choiceAnswers.isEmpty() ? -1 : choiceAnswers.dequeue();
}

QString FakeUserInteraction::chooseOpenFile(QWidget*, const QString&, const QString&)
{
    return openFileAnswers.isEmpty() ? QString() : openFileAnswers.dequeue();
}

QString FakeUserInteraction::chooseSaveFile(QWidget*, const QString&, const QString&, const QString&)
{
    return saveFileAnswers.isEmpty() ? QString() : saveFileAnswers.dequeue();
}

void FakeUserInteraction::showError(QWidget*, const QString& title, const QString& message)
{
    errors.append({title, message});
}

void FakeUserInteraction::showInfo(QWidget*, const QString& title, const QString& message)
{
    infos.append({title, message});
}

} // namespace gatehouse::test
