#include "GraphLayoutQueue.h"

#include <mutex>
#include <unordered_set>

#include <QTimer>

namespace gatehouse {

/// What the worker thread and the owning thread both touch.
struct GraphLayoutQueue::Shared
{
    std::mutex mutex;
    std::unordered_set<quint64> cancelled;

    void cancel(quint64 id)
    {
        const std::lock_guard lock(mutex);
        cancelled.insert(id);
    }
    /// True (and forgets it) when \a id was cancelled.
    bool takeCancelled(quint64 id)
    {
        const std::lock_guard lock(mutex);
        return cancelled.erase(id) > 0;
    }
};

GraphLayoutQueue::GraphLayoutQueue(QObject* parent)
    : QObject(parent), m_worker(new QObject), m_shared(std::make_shared<Shared>())
{
    m_thread.setObjectName(QStringLiteral("graph-layout"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

GraphLayoutQueue::~GraphLayoutQueue()
{
    cancelAll();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

quint64 GraphLayoutQueue::submit(GraphLayoutRequest request)
{
    const quint64 id = m_nextId++;
    m_pending.insert(id, true);
    QTimer::singleShot(m_timeoutMs, this, [this, id, timeoutMs = m_timeoutMs] {
        if (!m_pending.remove(id))
            return;
        m_shared->cancel(id);
        emit failed(id, tr("the layout took longer than %1 s and was abandoned: show fewer nodes")
                            .arg(timeoutMs / 1000.0, 0, 'f', 1));
    });
    QMetaObject::invokeMethod(
        m_worker,
        [this, shared = m_shared, id, request = std::move(request)] {
            if (shared->takeCancelled(id))
                return; // cancelled while queued: Graphviz never sees it
            Result<GraphLayoutResult> result = GraphLayoutEngine::layout(request);
            // The destructor waits for this thread, so the queue is alive here; the queued
            // call back to its thread is dropped by Qt if the queue is deleted before it runs.
            QMetaObject::invokeMethod(
                this, [this, id, result = std::move(result)] { deliver(id, result); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

void GraphLayoutQueue::cancel(quint64 id)
{
    if (m_pending.remove(id))
        m_shared->cancel(id);
}

void GraphLayoutQueue::cancelAll()
{
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        m_shared->cancel(it.key());
    m_pending.clear();
}

void GraphLayoutQueue::deliver(quint64 id, const Result<GraphLayoutResult>& result)
{
    m_shared->takeCancelled(id);
    if (!m_pending.remove(id))
        return; // cancelled or timed out while Graphviz was working on it
    if (result)
        emit laidOut(id, *result);
    else
        emit failed(id, result.error().message);
}

} // namespace gatehouse
