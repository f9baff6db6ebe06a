#pragma once

#include <QDateTime>

#include "Clock.h"

namespace gatehouse::test {

/// A clock that stands still until told to move.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(QDateTime start = QDateTime(QDate(2026, 3, 10), QTime(9, 0), Qt::UTC))
        : m_now(std::move(start))
    {}
    QDateTime now() const override { return m_now; }
    void set(const QDateTime& t) { m_now = t.toUTC(); }
    void advanceSeconds(qint64 s) { m_now = m_now.addSecs(s); }
    void advanceMs(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now;
};

} // namespace gatehouse::test
