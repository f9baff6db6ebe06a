#pragma once

#include <QAbstractItemModel>
#include <QStringList>
#include <QTest>

#include <QFile>

#include "AwsAuthorizationImporter.h"
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

/// The child widget \a name of type T; stops the test run when there is none.
template <typename T> T* child(QObject* parent, const char* name)
{
    auto* w = parent->findChild<T*>(QLatin1String(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

/// Imports tests/data/graph/assume-role-chain.json (dev -can_assume-> Hop1 -can_assume->
/// Admin, Tier Zero) into \a ws as admin; stops the test run if it cannot.
inline void importAssumeRoleChain(TestWorkspace& ws)
{
    QFile f(qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") +
            QStringLiteral("/tests/data/graph/assume-role-chain.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read the fixture");
    auto g = AwsAuthorizationImporter(ws.clock().now()).import(f.readAll(), QStringLiteral("chain.json"));
    if (!g || !ws.app().graph().importGraph(ws.admin(), *g, QStringLiteral("ab").repeated(32)))
        qFatal("cannot import the fixture");
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
