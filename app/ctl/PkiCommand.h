#pragma once

#include "CtlCommandGroup.h"

namespace gatehouse {

/// `gatehousectl pki ...`: the workspace PKI through PkiService: init (local CA and the
/// gateway's server certificate), issue-svid (a short-lived X.509-SVID for a path's
/// workload), import-bundle (an existing SPIFFE trust bundle, e.g. from SPIRE), status.
class PkiCommand final : public CtlCommandGroup
{
public:
    QString name() const override { return QStringLiteral("pki"); }
    QString summary() const override;
    QList<CtlVerb> verbs() const override;
    int run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
            CtlContext& context) override;

private:
    int init(const QCommandLineParser& parser, CtlContext& context);
    int issueSvid(const QCommandLineParser& parser, CtlContext& context);
    int importBundle(const QString& file, const QCommandLineParser& parser, CtlContext& context);
    int status(CtlContext& context);
};

} // namespace gatehouse
