#pragma once

#include <QList>
#include <QStringList>
#include <QTextStream>

namespace gatehouse {

/// Plain-text table with aligned columns for `--format table` output: a header row,
/// then one line per row, columns separated by two spaces, no trailing blanks.
/// Cells are printed as given; callers pass them through TerminalText first.
class TextTable
{
public:
    explicit TextTable(QStringList header);

    void addRow(QStringList cells);
    qsizetype rowCount() const { return m_rows.size(); }
    void print(QTextStream& out) const;

private:
    QStringList m_header;
    QList<QStringList> m_rows;
};

} // namespace gatehouse
