#include "TextTable.h"

#include <algorithm>

namespace gatehouse {

TextTable::TextTable(QStringList header) : m_header(std::move(header)) {}

void TextTable::addRow(QStringList cells)
{
    while (cells.size() < m_header.size())
        cells << QString();
    m_rows.append(std::move(cells));
}

void TextTable::print(QTextStream& out) const
{
    QList<qsizetype> widths;
    for (const auto& h : m_header)
        widths << h.size();
    for (const auto& row : m_rows) {
        for (qsizetype c = 0; c < widths.size() && c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    auto printRow = [&](const QStringList& cells) {
        QString line;
        for (qsizetype c = 0; c < widths.size(); ++c) {
            const QString& cell = c < cells.size() ? cells[c] : QString();
            if (c + 1 < widths.size())
                line += cell.leftJustified(widths[c]) + QStringLiteral("  ");
            else
                line += cell;
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out << line << '\n';
    };
    printRow(m_header);
    for (const auto& row : m_rows)
        printRow(row);
}

} // namespace gatehouse
