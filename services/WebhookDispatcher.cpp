#include "WebhookDispatcher.h"

#include <algorithm>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QUrl>

#include "Logging.h"
#include "WebhookService.h"

namespace gatehouse {

WebhookDispatcher::WebhookDispatcher(Database& db, const Clock& clock, WebhookDispatchSettings settings,
                                     QObject* parent)
    : QObject(parent), m_db(db), m_clock(clock), m_settings(settings),
      m_network(new QNetworkAccessManager(this)),
      m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
    m_timer.setInterval(m_settings.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { dispatchDue(); });
}

WebhookDispatcher::~WebhookDispatcher()
{
    // Leave the rows as claimed: the lease runs out and the next dispatcher retries them.
    const auto replies = m_replies.keys();
    for (QNetworkReply* reply : replies) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
    }
}

void WebhookDispatcher::start()
{
    m_timer.start();
}

void WebhookDispatcher::stop()
{
    m_timer.stop();
}

qint64 WebhookDispatcher::backoffSeconds(int attempts, const WebhookDispatchSettings& settings)
{
    qint64 delay = settings.baseDelaySeconds;
    for (int i = 1; i < attempts && delay < settings.maxDelaySeconds; ++i)
        delay *= 2;
    return std::min(delay, settings.maxDelaySeconds);
}

int WebhookDispatcher::dispatchDue()
{
    const int free = m_settings.maxInFlight - inFlight();
    if (free <= 0)
        return 0;
    WebhookRepository repo(m_db.connection());
    const QDateTime now = m_clock.now().toUTC();
    auto due = repo.due(now, std::min(free, m_settings.batchSize));
    if (!due) {
        Logging::warn("webhooks", QStringLiteral("reading the outbox failed: %1").arg(due.error().message));
        return 0;
    }
    int started = 0;
    const QDateTime leaseUntil = now.addSecs(m_settings.leaseSeconds);
    for (const WebhookDelivery& d : std::as_const(*due)) {
        auto claimed = repo.claim(d.id, d.nextAttemptAt, leaseUntil);
        if (!claimed) {
            Logging::warn(
                "webhooks",
                QStringLiteral("claiming delivery %1 failed: %2").arg(d.id).arg(claimed.error().message));
            continue;
        }
        if (!*claimed)
            continue; // another dispatcher took it
        send(d, leaseUntil);
        ++started;
    }
    return started;
}

void WebhookDispatcher::send(const WebhookDelivery& delivery, const QDateTime& leaseUntil)
{
    QNetworkRequest request{QUrl(delivery.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("Gatehouse-Webhooks/" GATEHOUSE_VERSION));
    request.setRawHeader(QByteArrayLiteral("X-Gatehouse-Event"), delivery.eventType.toUtf8());
    request.setRawHeader(QByteArrayLiteral("X-Gatehouse-Delivery"), QByteArray::number(delivery.id));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(m_settings.timeoutMs);
    QNetworkReply* reply = m_network->post(request, delivery.body.toUtf8());
    m_replies.insert(reply, InFlight{delivery.id, delivery.attempts, leaseUntil});
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void WebhookDispatcher::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    const InFlight job = m_replies.take(reply);
    if (job.id == 0)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QDateTime now = m_clock.now().toUTC();
    QString error;
    if (reply->error() == QNetworkReply::OperationCanceledError)
        error = QStringLiteral("timed out after %1 ms").arg(m_settings.timeoutMs);
    else if (status >= 200 && status < 300)
        error.clear();
    else if (status != 0)
        error = QStringLiteral("HTTP %1").arg(status);
    else
        error = reply->errorString().left(200);

    QString state;
    int attempts = job.attempts;
    QDateTime next = now;
    if (error.isEmpty()) {
        state = QStringLiteral("delivered");
    } else {
        ++attempts;
        if (attempts >= m_settings.maxAttempts) {
            state = QStringLiteral("failed");
        } else {
            state = QStringLiteral("pending");
            const qint64 base = backoffSeconds(attempts, m_settings);
            const double r = std::clamp(m_random ? m_random() : 0.0, 0.0, 1.0);
            const qint64 jitterMs =
                static_cast<qint64>(static_cast<double>(base) * 1000.0 * m_settings.jitter * r);
            next = now.addMSecs(base * 1000 + jitterMs);
        }
    }
    auto stored = WebhookRepository(m_db.connection())
                      .finish(job.id, job.leaseUntil, state, attempts, next, error, now);
    if (!stored) {
        Logging::warn(
            "webhooks",
            QStringLiteral("recording delivery %1 failed: %2").arg(job.id).arg(stored.error().message));
        return;
    }
    if (!*stored) {
        Logging::warn(
            "webhooks",
            QStringLiteral("delivery %1: lease ran out before the reply; left to its new owner").arg(job.id));
        return;
    }
    if (!error.isEmpty())
        Logging::warn("webhooks",
                      QStringLiteral("delivery %1 attempt %2: %3 (%4)")
                          .arg(job.id)
                          .arg(attempts)
                          .arg(error, state == QLatin1String("failed") ? QStringLiteral("giving up")
                                                                       : QStringLiteral("will retry")));
    emit attemptFinished(job.id, state, error);
}

} // namespace gatehouse
