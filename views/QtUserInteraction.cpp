#include "QtUserInteraction.h"

#include <QAbstractButton>
#include <QFileDialog>
#include <QInputDialog>
#include <QList>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>

namespace gatehouse {

bool QtUserInteraction::confirm(QWidget* parent, const QString& title, const QString& question)
{
    return QMessageBox::question(parent, title, question, QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

std::optional<QString> QtUserInteraction::askText(QWidget* parent, const QString& title, const QString& label,
                                                  const QString& initial)
{
    bool ok = false;
    const QString text = QInputDialog::getText(parent, title, label, QLineEdit::Normal, initial, &ok);
    if (!ok)
        return std::nullopt;
    return text;
}

int QtUserInteraction::choose(QWidget* parent, const QString& title, const QString& message,
                              const QStringList& options)
{
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::NoButton, parent);
    QList<QAbstractButton*> buttons;
    for (const QString& option : options)
        buttons.append(box.addButton(option, QMessageBox::AcceptRole));
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setEscapeButton(cancel);
    box.exec();
    return static_cast<int>(buttons.indexOf(box.clickedButton()));
}

QString QtUserInteraction::chooseOpenFile(QWidget* parent, const QString& title, const QString& filter)
{
    return QFileDialog::getOpenFileName(
        parent, title, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), filter);
}

QString QtUserInteraction::chooseSaveFile(QWidget* parent, const QString& title, const QString& suggestedName,
                                          const QString& filter)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileDialog::getSaveFileName(parent, title, dir + QLatin1Char('/') + suggestedName, filter);
}

void QtUserInteraction::showError(QWidget* parent, const QString& title, const QString& message)
{
    QMessageBox::warning(parent, title, message);
}

void QtUserInteraction::showInfo(QWidget* parent, const QString& title, const QString& message)
{
    QMessageBox::information(parent, title, message);
}

} // namespace gatehouse
