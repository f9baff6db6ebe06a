#include "PolicyTimeWindow.h"

#include <QStringList>

namespace gatehouse {

namespace {

const char* const kDayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool hasDay(quint8 days, int dayOfWeek)
{
    return dayOfWeek >= 1 && dayOfWeek <= 7 && (days & (1u << (dayOfWeek - 1))) != 0;
}

QString clock(int minutes)
{
    return QStringLiteral("%1:%2")
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

bool PolicyTimeWindow::contains(const QDateTime& when) const
{
    const QDateTime local = when.toTimeZone(zone);
    const int minute = local.time().hour() * 60 + local.time().minute();
    const int day = local.date().dayOfWeek();
    if (fromMinutes < toMinutes)
        return hasDay(days, day) && minute >= fromMinutes && minute < toMinutes;
    if (fromMinutes == toMinutes) // a whole day
        return hasDay(days, day);
    // Overnight: the evening part belongs to today, the morning part to yesterday.
    if (minute >= fromMinutes)
        return hasDay(days, day);
    if (minute < toMinutes)
        return hasDay(days, day == 1 ? 7 : day - 1);
    return false;
}

QString PolicyTimeWindow::describe() const
{
    QStringList names;
    for (int d = 0; d < 7; ++d) {
        if (days & (1u << d))
            names << QString::fromLatin1(kDayNames[d]);
    }
    return QStringLiteral("%1 %2-%3 %4")
        .arg(names.join(QLatin1Char(',')), clock(fromMinutes), clock(toMinutes),
             QString::fromUtf8(timeZoneId));
}

QString PolicyTimeWindow::localTime(const QDateTime& when) const
{
    const QDateTime local = when.toTimeZone(zone);
    return QStringLiteral("%1 %2 %3")
        .arg(QString::fromLatin1(kDayNames[local.date().dayOfWeek() - 1]),
             local.time().toString(QStringLiteral("HH:mm")), QString::fromUtf8(timeZoneId));
}

int PolicyTimeWindow::parseDay(const QString& name)
{
    for (int d = 0; d < 7; ++d) {
        if (name == QLatin1String(kDayNames[d]))
            return d + 1;
    }
    return 0;
}

int PolicyTimeWindow::parseClock(const QString& text)
{
    if (text.size() != 5 || text[2] != QLatin1Char(':'))
        return -1;
    for (int i : {0, 1, 3, 4}) {
        if (text[i] < QLatin1Char('0') || text[i] > QLatin1Char('9'))
            return -1;
    }
    bool okH = false;
    bool okM = false;
    const int h = text.left(2).toInt(&okH);
    const int m = text.mid(3, 2).toInt(&okM);
    if (!okH || !okM || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0))
        return -1;
    return h * 60 + m;
}

} // namespace gatehouse
