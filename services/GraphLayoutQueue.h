#pragma once

#include <memory>

#include <QHash>
#include <QObject>
#include <QThread>

#include "GraphLayoutEngine.h"

namespace gatehouse {

/// Runs GraphLayoutEngine jobs off the calling (UI) thread, one at a time, on one worker
/// thread that the queue owns, so Graphviz never runs on two threads at once.
///
/// submit() returns a job id at once; the result comes back in the thread that owns the
/// queue as laidOut(id, result) or failed(id, message) — exactly one of them per job that
/// was neither cancelled nor timed out. cancel(id) drops a job: if it has not started it
/// never runs; if Graphviz is already working on it (it cannot be interrupted) its result
/// is thrown away when it arrives. A job still unfinished \a timeoutMs after it was
/// submitted is treated as cancelled and reported once as failed(id, "... timed out ...").
class GraphLayoutQueue : public QObject
{
    Q_OBJECT
public:
    explicit GraphLayoutQueue(QObject* parent = nullptr);
    /// Waits for the job Graphviz is running (if any); queued jobs are dropped.
    ~GraphLayoutQueue() override;

    /// Default 20,000 ms. Applies to jobs submitted afterwards.
    void setTimeout(int timeoutMs) { m_timeoutMs = timeoutMs; }
    int timeout() const { return m_timeoutMs; }

    quint64 submit(GraphLayoutRequest request);
    /// No-op for unknown or finished jobs.
    void cancel(quint64 id);
    /// Cancels every job not yet reported.
    void cancelAll();
    /// Jobs submitted and not yet reported, cancelled or timed out.
    qsizetype pending() const { return m_pending.size(); }

signals:
    void laidOut(quint64 id, const gatehouse::GraphLayoutResult& result);
    void failed(quint64 id, const QString& message);

private:
    struct Shared;
    void deliver(quint64 id, const Result<GraphLayoutResult>& result);

    QThread m_thread;
    QObject* m_worker; ///< lives in m_thread; jobs are queued calls on it
    std::shared_ptr<Shared> m_shared;
    QHash<quint64, bool> m_pending; ///< id -> true
    quint64 m_nextId = 1;
    int m_timeoutMs = 20000;
};

} // namespace gatehouse
