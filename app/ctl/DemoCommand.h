#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl demo seed`: fills an empty workspace with the demo (DemoSeeder).
class DemoCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("demo"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;
};

} // namespace gatehouse
