#pragma once

#include "CtlCommandGroup.h"
#include "Error.h"

namespace gatehouse {

/// `gatehousectl policy ...`: request-time policy through PolicyService.
/// eval, validate, publish, show, history, whatif, shadow, flips (docs/policy.md, docs/cli.md).
class PolicyCommand final : public CtlCommandGroup
{
public:
    /// Largest policy or request file read.
    static constexpr qint64 kMaxPolicyBytes = 4 * 1024 * 1024;
    static constexpr qint64 kMaxRequestBytes = 64 * 1024;

    QString name() const override { return QStringLiteral("policy"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int eval(const QCommandLineParser& parser, CtlContext& context);
    int validate(const QString& file, CtlContext& context);
    int publish(const QString& file, CtlContext& context);
    int show(const QString& hash, CtlContext& context);
    int history(CtlContext& context);
    int whatIf(const QString& file, const QCommandLineParser& parser, CtlContext& context);
    int shadow(const QStringList& arguments, const QCommandLineParser& parser, CtlContext& context);
    int flips(const QCommandLineParser& parser, CtlContext& context);
};

} // namespace gatehouse
