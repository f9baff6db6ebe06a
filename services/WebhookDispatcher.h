#pragma once

#include <functional>

#include <QHash>
#include <QObject>
#include <QTimer>

#include "Clock.h"
#include "Database.h"
#include "WebhookRepository.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace gatehouse {

/// How the dispatcher paces itself. Times in milliseconds or seconds as named.
struct WebhookDispatchSettings
{
    int intervalMs = 2000; ///< how often start() looks for due deliveries
    int batchSize = 20;    ///< rows read per look
    int maxInFlight = 4;   ///< concurrent POSTs
    int timeoutMs = 5000;  ///< per POST, covering connect, TLS and response (setTransferTimeout)
    int maxAttempts = 8;   ///< after this many failures the delivery is "failed"
    qint64 baseDelaySeconds = 5;
    qint64 maxDelaySeconds = 3600;
    double jitter = 0.2;      ///< up to this fraction is added to each retry delay
    qint64 leaseSeconds = 60; ///< a claimed row is left alone by other dispatchers this long
};

/// Delivers the webhook outbox (table webhook_deliveries) over HTTP(S).
///
/// Each tick reads due pending rows, claims each with a conditional UPDATE (next_attempt_at
/// moved to now + lease only if still at the value read), and POSTs the stored body with
/// Content-Type application/json, X-Gatehouse-Event and X-Gatehouse-Delivery (the row id,
/// for receivers to drop duplicates). Redirects are not followed. A 2xx reply marks the row
/// delivered; anything else (status, connection error, timeout) counts an attempt and
/// reschedules it after min(base · 2^(attempts-1), max) seconds plus jitter, until
/// maxAttempts, when it becomes failed with the last error.
///
/// Every state change is one autocommit statement on this thread's connection; no
/// transaction is held while a request is in flight, so reviews never wait on the network,
/// and two dispatchers (console and gatehoused) never send the same row at the same time.
/// Times come from the injected Clock.
class WebhookDispatcher : public QObject
{
    Q_OBJECT
public:
    WebhookDispatcher(Database& db, const Clock& clock, WebhookDispatchSettings settings = {},
                      QObject* parent = nullptr);
    ~WebhookDispatcher() override;

    /// Ticks every settings.intervalMs until stop().
    void start();
    void stop();
    /// One tick: claims and starts up to the free in-flight slots; returns how many it started.
    int dispatchDue();
    int inFlight() const { return static_cast<int>(m_replies.size()); }

    /// Source of randomness for the jitter, values in [0, 1); tests pass a constant.
    void setRandom(std::function<double()> random) { m_random = std::move(random); }
    /// Seconds to wait after the \a attempts-th failure, before jitter: base · 2^(attempts-1), capped.
    static qint64 backoffSeconds(int attempts, const WebhookDispatchSettings& settings);

signals:
    /// After the outcome of one attempt was stored. \a state: "delivered", "pending" or "failed".
    void attemptFinished(qint64 deliveryId, const QString& state, const QString& error);

private:
    struct InFlight
    {
        qint64 id = 0;
        int attempts = 0;
        QDateTime leaseUntil;
    };
    void send(const WebhookDelivery& delivery, const QDateTime& leaseUntil);
    void onFinished(QNetworkReply* reply);

    Database& m_db;
    const Clock& m_clock;
    WebhookDispatchSettings m_settings;
    QNetworkAccessManager* m_network;
    QTimer m_timer;
    QHash<QNetworkReply*, InFlight> m_replies;
    std::function<double()> m_random;
};

} // namespace gatehouse
