#include "DecisionPathCsv.h"

#include <csv.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>

#include "DecisionPathJson.h"

namespace gatehouse {

namespace {

const QStringList kListColumns = {QStringLiteral("action_types"),  QStringLiteral("targets"),
                                  QStringLiteral("owasp_agentic"), QStringLiteral("maestro_layers"),
                                  QStringLiteral("nist_ai_rmf"),   QStringLiteral("nist_csf")};

QByteArray quoteCell(const QString& cell)
{
    // RFC 4180: always quote, double inner quotes; line breaks stay inside the quotes.
    QByteArray utf8 = cell.toUtf8();
    utf8.replace('"', "\"\"");
    return '"' + utf8 + '"';
}

struct ParseState
{
    QList<QList<QByteArray>> records;
    QList<QByteArray> current;
    bool tooMany = false;
    bool tooManyFields = false;
};

constexpr qsizetype kMaxFieldsPerRecord = 64;

void onField(void* data, size_t len, void* user)
{
    auto* s = static_cast<ParseState*>(user);
    // A record never needs more fields than there are columns; a hostile file of commas must
    // not turn into millions of allocations.
    if (s->current.size() >= kMaxFieldsPerRecord) {
        s->tooManyFields = true;
        return;
    }
    s->current.append(QByteArray(static_cast<const char*>(data), static_cast<qsizetype>(len)));
}

void onRecord(int, void* user)
{
    auto* s = static_cast<ParseState*>(user);
    if (s->records.size() > 10001) {
        s->tooMany = true;
        s->current.clear();
        return;
    }
    s->records.append(s->current);
    s->current.clear();
}

QStringList splitList(const QString& cell)
{
    QStringList out;
    for (const QString& item : cell.split(QLatin1Char(';'))) {
        const QString t = item.trimmed();
        if (!t.isEmpty())
            out << t;
    }
    return out;
}

QString unneutralise(const QString& cell)
{
    if (cell.size() >= 2 && cell.at(0) == QLatin1Char('\'')) {
        const QChar c = cell.at(1);
        if (c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') ||
            c == QLatin1Char('@') || c == QLatin1Char('\t') || c == QLatin1Char('\r'))
            return cell.mid(1);
    }
    return cell;
}

} // namespace

QStringList DecisionPathCsv::columns()
{
    return {QStringLiteral("id"),
            QStringLiteral("name"),
            QStringLiteral("description"),
            QStringLiteral("owner"),
            QStringLiteral("team"),
            QStringLiteral("ai_component"),
            QStringLiteral("workload_id"),
            QStringLiteral("action_types"),
            QStringLiteral("targets"),
            QStringLiteral("environment"),
            QStringLiteral("tier"),
            QStringLiteral("reversibility"),
            QStringLiteral("confidence_threshold"),
            QStringLiteral("owasp_agentic"),
            QStringLiteral("maestro_layers"),
            QStringLiteral("nist_ai_rmf"),
            QStringLiteral("nist_csf"),
            QStringLiteral("status"),
            QStringLiteral("next_review_date")};
}

QString DecisionPathCsv::neutraliseFormula(const QString& cell)
{
    if (cell.isEmpty())
        return cell;
    const QChar c = cell.at(0);
    if (c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('@') ||
        c == QLatin1Char('\t') || c == QLatin1Char('\r'))
        return QLatin1Char('\'') + cell;
    return cell;
}

QByteArray DecisionPathCsv::write(const QList<DecisionPath>& paths)
{
    QByteArray out = columns().join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (const DecisionPath& p : paths) {
        const QStringList text = {p.id,
                                  p.name,
                                  p.description,
                                  p.owner,
                                  p.team,
                                  p.aiComponent,
                                  p.workloadId,
                                  p.actionTypes.join(QLatin1Char(';')),
                                  p.targets.join(QLatin1Char(';')),
                                  p.environment,
                                  p.tier ? severityTierCode(*p.tier) : QString(),
                                  reversibilityName(p.reversibility),
                                  QString(), // numeric column, filled below without neutralising
                                  p.frameworks.owaspAgentic.join(QLatin1Char(';')),
                                  p.frameworks.maestroLayers.join(QLatin1Char(';')),
                                  p.frameworks.nistAiRmf.join(QLatin1Char(';')),
                                  p.frameworks.nistCsf.join(QLatin1Char(';')),
                                  pathStatusName(p.status),
                                  p.nextReviewDate.isValid() ? p.nextReviewDate.toString(Qt::ISODate)
                                                             : QString()};
        QList<QByteArray> cells;
        for (int i = 0; i < text.size(); ++i) {
            if (columns().at(i) == QLatin1String("confidence_threshold"))
                cells << QByteArray::number(p.confidenceThreshold, 'g', 6);
            else
                cells << quoteCell(neutraliseFormula(text.at(i)));
        }
        out += cells.join(',') + "\r\n";
    }
    return out;
}

Result<QList<CsvPathRow>> DecisionPathCsv::read(const QByteArray& input, const QString& sourceName)
{
    QByteArray data = input;
    if (data.startsWith("\xEF\xBB\xBF"))
        data.remove(0, 3);
    {
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString decoded = decoder.decode(data);
        if (decoder.hasError())
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: the file is not valid UTF-8 text").arg(sourceName));
    }
    if (data.contains('\0'))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: the file contains NUL bytes; it is not CSV text").arg(sourceName));

    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
        return fail(ErrorCode::StorageFailure, QStringLiteral("cannot initialise the CSV parser"));
    ParseState state;
    const size_t parsed =
        csv_parse(&parser, data.constData(), static_cast<size_t>(data.size()), onField, onRecord, &state);
    int finished = 0;
    if (parsed == static_cast<size_t>(data.size()))
        finished = csv_fini(&parser, onField, onRecord, &state);
    const int err = csv_error(&parser);
    csv_free(&parser);
    if (parsed != static_cast<size_t>(data.size()) || finished != 0) {
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: row %2: malformed CSV (%3)")
                                                 .arg(sourceName, QString::number(state.records.size() + 1),
                                                      QString::fromLatin1(csv_strerror(err))));
    }
    if (state.tooManyFields)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: a row has more than %2 fields")
                                                 .arg(sourceName, QString::number(kMaxFieldsPerRecord)));
    if (state.tooMany)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: more than 10000 rows").arg(sourceName));
    if (state.records.isEmpty())
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: the file is empty (a header row is required)").arg(sourceName));

    QStringList header;
    for (const QByteArray& h : state.records.first())
        header << QString::fromUtf8(h).trimmed();
    const QStringList known = columns();
    for (int i = 0; i < header.size(); ++i) {
        if (!known.contains(header.at(i)))
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: row 1: unknown column \"%2\" (known: %3)")
                            .arg(sourceName, header.at(i).left(64), known.join(QStringLiteral(", "))));
        if (header.indexOf(header.at(i)) != i)
            return fail(
                ErrorCode::InvalidInput,
                QStringLiteral("%1: row 1: column \"%2\" appears twice").arg(sourceName, header.at(i)));
    }
    for (const char* required : {"id", "name"}) {
        if (!header.contains(QLatin1String(required)))
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("%1: row 1: the required column \"%2\" is missing")
                            .arg(sourceName, QLatin1String(required)));
    }

    QList<CsvPathRow> rows;
    for (qsizetype r = 1; r < state.records.size(); ++r) {
        const int rowNumber = static_cast<int>(r + 1);
        const QList<QByteArray>& cells = state.records.at(r);
        if (cells.size() == 1 && cells.first().isEmpty())
            continue; // blank line
        const QString where = QStringLiteral("%1: row %2").arg(sourceName, QString::number(rowNumber));
        if (cells.size() != header.size())
            return fail(ErrorCode::InvalidInput, QStringLiteral("%1: expected %2 columns, found %3")
                                                     .arg(where)
                                                     .arg(header.size())
                                                     .arg(cells.size()));
        QJsonObject o;
        QJsonObject frameworks;
        for (int c = 0; c < header.size(); ++c) {
            const QString& column = header.at(c);
            const QString cell = unneutralise(QString::fromUtf8(cells.at(c)));
            if (cell.isEmpty())
                continue;
            if (column == QLatin1String("confidence_threshold")) {
                bool ok = false;
                const double v = cell.trimmed().toDouble(&ok);
                if (!ok)
                    return fail(
                        ErrorCode::InvalidInput,
                        QStringLiteral("%1: field \"confidence_threshold\" must be a number between 0 and 1 "
                                       "(got \"%2\")")
                            .arg(where, cell.left(40)));
                o.insert(column, v);
            } else if (kListColumns.contains(column)) {
                const QJsonArray a = QJsonArray::fromStringList(splitList(cell));
                if (column == QLatin1String("action_types") || column == QLatin1String("targets"))
                    o.insert(column, a);
                else
                    frameworks.insert(column, a);
            } else {
                o.insert(column, cell);
            }
        }
        if (!frameworks.isEmpty())
            o.insert(QStringLiteral("frameworks"), frameworks);
        auto path = DecisionPathJson::fromJson(o, where);
        if (!path)
            return std::unexpected(path.error());
        rows.append({rowNumber, *path});
    }
    return rows;
}

} // namespace gatehouse
