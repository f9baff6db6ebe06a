#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

class Application;
struct OperatorSession;

/// `gatehousectl review ...`: the human review queue, with the same rules as the console
/// (ReviewService): list, show, approve, reject, escalate, break-glass, and the managers'
/// follow-up of break-glass approvals. Acting verbs sign with the --user's key, unsealed with
/// their password; a refusal exits 2 and prints the message ending in "[rule: <code>]".
class ReviewCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("review"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int list(const QCommandLineParser& parser, CtlContext& context);
    int show(const QString& id, CtlContext& context);
    int act(const QString& verb, const QString& id, const QCommandLineParser& parser, CtlContext& context);
    int followUps(CtlContext& context);
    int closeFollowUp(const QString& id, const QCommandLineParser& parser, CtlContext& context);
};

} // namespace gatehouse
