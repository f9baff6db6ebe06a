// TerminalText and TextTable: what reaches the terminal from workspace data.

#include <QTextStream>
#include <QtTest>

#include "TerminalText.h"
#include "TextTable.h"

using namespace gatehouse;

class TerminalTextTest : public QObject
{
    Q_OBJECT

private slots:
    void printable_data();
    void printable();
    void cellTruncates();
    void tableAlignsColumns();
};

void TerminalTextTest::printable_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("soc-isolate-endpoint")
                           << QStringLiteral("soc-isolate-endpoint");
    QTest::newRow("non-ascii kept") << QStringLiteral("Zoë Ñ 東京") << QStringLiteral("Zoë Ñ 東京");
    QTest::newRow("escape sequence") << QStringLiteral("a\x1b[31mred") << QStringLiteral("a\\u001b[31mred");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("a\\u000ab");
    QTest::newRow("DEL and C1 CSI") << QStringLiteral("x\u007f\u009by") << QStringLiteral("x\\u007f\\u009by");
    QTest::newRow("bidi override") << QStringLiteral("abc\u202Edcb") << QStringLiteral("abc\\u202edcb");
    QTest::newRow("bidi isolate") << QStringLiteral("\u2066x\u2069") << QStringLiteral("\\u2066x\\u2069");
}

void TerminalTextTest::printable()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(TerminalText::printable(input), expected);
}

void TerminalTextTest::cellTruncates()
{
    QCOMPARE(TerminalText::cell(QStringLiteral("abcdef"), 6), QStringLiteral("abcdef"));
    QCOMPARE(TerminalText::cell(QStringLiteral("abcdefg"), 6), QStringLiteral("abcde\u2026"));
}

void TerminalTextTest::tableAlignsColumns()
{
    TextTable table({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("TIER")});
    table.addRow({QStringLiteral("a"), QStringLiteral("Short"), QStringLiteral("T1")});
    table.addRow({QStringLiteral("longer-id"), QStringLiteral("N"), QStringLiteral("T3")});
    table.addRow({QStringLiteral("b")}); // missing cells are blank
    QString text;
    QTextStream out(&text);
    table.print(out);
    out.flush();
    QCOMPARE(text, QStringLiteral("ID         NAME   TIER\n"
                                  "a          Short  T1\n"
                                  "longer-id  N      T3\n"
                                  "b\n"));
}

QTEST_GUILESS_MAIN(TerminalTextTest)
#include "TerminalTextTest.moc"
