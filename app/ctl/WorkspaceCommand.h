#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl workspace init`: creates the workspace folder and its first admin.
class WorkspaceCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("workspace"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;
};

} // namespace gatehouse
