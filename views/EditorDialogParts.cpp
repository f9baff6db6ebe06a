#include "EditorDialogParts.h"

#include <QDialog>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>

namespace gatehouse {

EditorDialogParts EditorDialogParts::create(QDialog* dialog, const QString& issueObjectName,
                                            const std::function<void()>& save)
{
    EditorDialogParts parts;
    parts.issue = new QLabel(dialog);
    parts.issue->setObjectName(issueObjectName);
    parts.issue->setWordWrap(true);
    parts.issue->setStyleSheet(QStringLiteral("QLabel { color: #8a1111; }"));
    parts.saveError = new QLabel(dialog);
    parts.saveError->setObjectName(QStringLiteral("saveError"));
    parts.saveError->setWordWrap(true);
    parts.saveError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    parts.saveError->setStyleSheet(
        QStringLiteral("QLabel { color: #8a1111; background: #fdecea; border: 1px solid "
                       "#f5c2bd; border-radius: 3px; padding: 6px; }"));
    parts.saveError->hide();

    // Plain buttons, not a QDialogButtonBox: Return in a field must not save (Ctrl+Return does).
    parts.saveButton = new QPushButton(QDialog::tr("Save"), dialog);
    parts.saveButton->setObjectName(QStringLiteral("saveButton"));
    parts.saveButton->setToolTip(QDialog::tr("Save (Ctrl+Return)"));
    parts.saveButton->setAutoDefault(false);
    auto* cancel = new QPushButton(QDialog::tr("Cancel"), dialog);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAutoDefault(false);
    parts.buttons = new QHBoxLayout;
    parts.buttons->addStretch(1);
    parts.buttons->addWidget(parts.saveButton);
    parts.buttons->addWidget(cancel);
    QObject::connect(parts.saveButton, &QPushButton::clicked, dialog, save);
    QObject::connect(cancel, &QPushButton::clicked, dialog, &QDialog::reject);
    for (const QKeySequence& keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* shortcut = new QShortcut(keys, dialog);
        QObject::connect(shortcut, &QShortcut::activated, dialog, save);
    }
    return parts;
}

void EditorDialogParts::showIssue(const Status& valid) const
{
    issue->setText(valid ? QString() : valid.error().message);
    issue->setVisible(!valid);
    saveButton->setEnabled(valid.has_value());
}

QString EditorDialogParts::issueText() const
{
    return issue->isHidden() ? QString() : issue->text();
}

void EditorDialogParts::showSaveError(const QString& message) const
{
    saveError->setText(message);
    saveError->setVisible(!message.isEmpty());
}

QString EditorDialogParts::saveErrorText() const
{
    return saveError->isHidden() ? QString() : saveError->text();
}

} // namespace gatehouse
