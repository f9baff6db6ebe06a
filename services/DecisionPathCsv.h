#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

#include "DecisionPath.h"
#include "Error.h"

namespace gatehouse {

/// One path read from a CSV file, with where it came from for error messages.
struct CsvPathRow
{
    int row = 0; ///< 1-based record number; the header is row 1
    DecisionPath path;
};

/// CSV form of the catalogue (RFC 4180; parsing by libcsv in strict mode).
/// Header row required; columns in any order; unknown columns are an error.
/// List columns hold items separated by ';'. Text cells a spreadsheet would evaluate
/// (leading '=', '+', '-', '@', TAB, CR) are written with a leading "'", which reading strips.
class DecisionPathCsv
{
public:
    static QStringList columns();
    static QByteArray write(const QList<DecisionPath>& paths);
    /// InvalidInput naming \a sourceName, the row and the column for the first problem.
    [[nodiscard]] static Result<QList<CsvPathRow>> read(const QByteArray& data, const QString& sourceName);
    /// The neutralised form of one text cell (exposed for tests).
    static QString neutraliseFormula(const QString& cell);
};

} // namespace gatehouse
