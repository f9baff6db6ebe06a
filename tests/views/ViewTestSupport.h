#pragma once

#include <QAbstractItemModel>
#include <QStringList>
#include <QTest>

#include "ConsoleServices.h"
#include "TestWorkspace.h"

namespace gatehouse::test {

/// The console's services of a test workspace, as the composition root hands them to views.
inline ConsoleServices consoleServices(TestWorkspace& ws)
{
    Application& app = ws.app();
    return ConsoleServices{app.catalogue(), app.ledger(), app.accounts(), app.settings(),    app.clock(),
                           ws.directory(),  app.policy(), &app.gateway(), &app.review(),     {},
                           nullptr,         nullptr,      &app.graph(),   &app.credentials()};
}

/// Display texts of \a column, top to bottom, as the view shows them.
inline QStringList columnTexts(const QAbstractItemModel& model, int column, int role = Qt::DisplayRole)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, column).data(role).toString();
    return out;
}

/// Types \a text key by key like QTest::keyClicks, but also characters outside ASCII
/// (Cyrillic, '№'), which QTest::keyClicks cannot map to a key.
inline void typeText(QWidget* widget, const QString& text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x80 && c.isPrint())
            QTest::keyClick(widget, c.toLatin1());
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

/// Types \a lines into a multi-line field, pressing Return between them
/// (QTest::keyClicks cannot type a line break).
inline void typeLines(QWidget* widget, const QStringList& lines)
{
    for (int i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(widget, Qt::Key_Return);
        QTest::keyClicks(widget, lines.at(i));
    }
}

} // namespace gatehouse::test
