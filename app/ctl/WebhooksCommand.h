#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl webhooks ...`: outgoing review notifications (WebhookService). add, remove,
/// enable and disable are for administrators; list and deliveries for any operator. URLs are
/// shown redacted (scheme, host, port) because Slack-style webhook URLs are bearer secrets.
/// The body format is chosen with --payload json|slack (--format is the global output option).
class WebhooksCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("webhooks"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int add(const QString& name, const QCommandLineParser& parser, CtlContext& context);
    int list(CtlContext& context);
    int remove(const QString& name, CtlContext& context);
    int setEnabled(const QString& name, bool enabled, CtlContext& context);
    int deliveries(const QCommandLineParser& parser, CtlContext& context);
};

} // namespace gatehouse
