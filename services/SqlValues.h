#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QVariant>

namespace gatehouse::sql {

/// How repositories store values in SQLite TEXT columns: times as ISO 8601 UTC with
/// milliseconds ("2026-11-29T10:00:00.000Z", so text order is time order; invalid = NULL),
/// JSON as compact UTF-8 text.
inline QVariant timeValue(const QDateTime& t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs))
                       : QVariant(QMetaType(QMetaType::QString));
}

/// Empty text as SQL NULL (a null QString binds as NULL too, but an empty one does not).
inline QVariant textOrNull(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

inline QDateTime timeFrom(const QVariant& v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

inline QString jsonText(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

inline QString jsonText(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

inline QJsonObject objectFrom(const QVariant& v)
{
    return v.isNull() ? QJsonObject() : QJsonDocument::fromJson(v.toString().toUtf8()).object();
}

inline QStringList stringListFrom(const QVariant& v)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(v.toString().toUtf8()).array();
    for (const auto& item : array)
        out.append(item.toString());
    return out;
}

} // namespace gatehouse::sql
