#include "PkiCommand.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include "Application.h"
#include "CtlContext.h"
#include "InputFile.h"
#include "PkiService.h"
#include "CtlVerb.h"
#include "TerminalText.h"

namespace gatehouse {

namespace {

QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QStringLiteral("-");
}

QJsonObject bundleJson(const TrustBundle& b)
{
    return QJsonObject{{QStringLiteral("trust_domain"), b.trustDomain},
                       {QStringLiteral("source"), b.source},
                       {QStringLiteral("fingerprints"), QJsonArray::fromStringList(b.fingerprints)},
                       {QStringLiteral("updated_at"), iso(b.updatedAt)}};
}

} // namespace

QString PkiCommand::summary() const
{
    return QStringLiteral("Local CA, gateway certificate, workload X.509-SVIDs and SPIFFE trust bundles.");
}

QList<CtlVerb> PkiCommand::verbs() const
{
    return {
        {QStringLiteral("init"),
         {},
         0,
         0,
         QStringLiteral("Create the local CA and the gateway's server certificate (admin)"),
         {option("trust-domain",
                 "SPIFFE trust domain of the CA (default: the one the catalogue's workload ids use, "
                 "else gatehouse.local).",
                 "domain"),
          option("san", "Another name for the server certificate (host name or IP; repeatable).", "name"),
          option("force", "Replace an existing CA: every SVID it issued stops verifying.")},
         {QStringLiteral("san")},
         QStringLiteral(
             "Writes keys/ca.pem, keys/ca.key (0600), keys/server.pem and keys/server.key (0600).\n"
             "The server certificate names localhost, 127.0.0.1 and ::1 plus every --san.\n"
             "Keys are ECDSA P-256; the CA is valid 10 years, the server certificate 397 days.")},
        {QStringLiteral("issue-svid"),
         {},
         0,
         0,
         QStringLiteral("Issue a short-lived X.509-SVID for a path's workload"),
         {option("path", "Decision path whose workload identity the SVID carries.", "id"),
          option("out", "Folder to write svid.pem, svid.key (0600) and bundle.pem into.", "dir"),
          option("ttl", "Lifetime in seconds, 60..86400 (default 3600).", "seconds")},
         {},
         QStringLiteral(
             "The SVID's only URI SAN is the path's SPIFFE ID (no identity in the subject);\n"
             "extendedKeyUsage clientAuth. Issued for any path whose workload identity is in\n"
             "the local trust domain, whatever its status: the gateway refuses paths that are\n"
             "not active. Needs admin or the path's owner. Then, for example:\n"
             "  curl --cert DIR/svid.pem --key DIR/svid.key --cacert DIR/bundle.pem \\\n"
             "       https://localhost:8443/v1/actions -H 'Content-Type: application/json' -d @req.json")},
        {QStringLiteral("import-bundle"),
         QStringLiteral("FILE"),
         1,
         1,
         QStringLiteral("Import a SPIFFE trust bundle (PEM CA certificates) (admin)"),
         {option("trust-domain", "Trust domain of the bundle (default: from its spiffe:// URI SAN).",
                 "domain")},
         {},
         QStringLiteral(
             "E.g. from SPIRE: spire-server bundle show -format pem > bundle.pem.\n"
             "Replaces an earlier bundle of the same trust domain. SVIDs of that trust domain are\n"
             "then verified against these roots only.")},
        {QStringLiteral("status"),
         {},
         0,
         0,
         QStringLiteral("Show the CA, server certificate and trust bundles"),
         {},
         {},
         {}},
    };
}

int PkiCommand::run(const QString& verb, const QCommandLineParser& parser, const QStringList& arguments,
                    CtlContext& context)
{
    if (verb == QStringLiteral("init"))
        return init(parser, context);
    if (verb == QStringLiteral("issue-svid"))
        return issueSvid(parser, context);
    if (verb == QStringLiteral("import-bundle"))
        return importBundle(arguments.at(0), parser, context);
    return status(context);
}

int PkiCommand::init(const QCommandLineParser& parser, CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    PkiInitOptions options;
    options.trustDomain = parser.value(QStringLiteral("trust-domain"));
    options.extraSans = parser.values(QStringLiteral("san"));
    options.force = parser.isSet(QStringLiteral("force"));
    auto app = context.open();
    if (!app)
        return context.report(app.error());
    auto st = (*app)->pki().init(*session, options);
    if (!st)
        return context.report(st.error());
    if (context.json()) {
        context.printJson(QJsonObject{{QStringLiteral("trust_domain"), st->trustDomain},
                                      {QStringLiteral("ca_fingerprint"), st->caFingerprint},
                                      {QStringLiteral("ca_not_after"), iso(st->caNotAfter)},
                                      {QStringLiteral("server_fingerprint"), st->serverFingerprint},
                                      {QStringLiteral("server_not_after"), iso(st->serverNotAfter)}});
    } else {
        context.out() << "local CA for trust domain " << st->trustDomain << " created (SHA-256 "
                      << st->caFingerprint << ")\nserver certificate valid until " << iso(st->serverNotAfter)
                      << "\nkeys in " << (*app)->workspace().keysDirectory() << '\n';
    }
    return CtlContext::kExitOk;
}

int PkiCommand::issueSvid(const QCommandLineParser& parser, CtlContext& context)
{
    const QString pathId = parser.value(QStringLiteral("path"));
    const QString out = parser.value(QStringLiteral("out"));
    if (pathId.isEmpty() || out.isEmpty())
        return context.usageError(QStringLiteral("'pki issue-svid' needs --path ID and --out DIR"));
    qint64 ttl = 3600;
    if (parser.isSet(QStringLiteral("ttl"))) {
        bool ok = false;
        ttl = parser.value(QStringLiteral("ttl")).toLongLong(&ok);
        if (!ok)
            return context.usageError(QStringLiteral("--ttl must be a number of seconds"));
    }
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    if (!app)
        return context.report(app.error());
    auto svid = (*app)->pki().issueSvid(*session, pathId, ttl);
    if (!svid)
        return context.report(svid.error());
    if (auto st = PkiService::writeSvidFiles(*svid, out); !st)
        return context.report(st.error());
    const QDir dir(out);
    if (context.json()) {
        context.printJson(
            QJsonObject{{QStringLiteral("path_id"), svid->pathId},
                        {QStringLiteral("spiffe_id"), svid->spiffeId},
                        {QStringLiteral("serial"), svid->certificate.serialHex},
                        {QStringLiteral("not_after"), iso(svid->certificate.notAfter)},
                        {QStringLiteral("certificate"), dir.absoluteFilePath(QStringLiteral("svid.pem"))},
                        {QStringLiteral("key"), dir.absoluteFilePath(QStringLiteral("svid.key"))},
                        {QStringLiteral("bundle"), dir.absoluteFilePath(QStringLiteral("bundle.pem"))}});
    } else {
        context.out() << "X.509-SVID for " << svid->spiffeId << " valid until "
                      << iso(svid->certificate.notAfter) << "\nwritten to "
                      << TerminalText::printable(dir.absolutePath()) << " (svid.pem, svid.key, bundle.pem)\n";
    }
    return CtlContext::kExitOk;
}

int PkiCommand::importBundle(const QString& file, const QCommandLineParser& parser, CtlContext& context)
{
    auto data = InputFile::read(file, TrustBundleStore::kMaxBundleBytes);
    if (!data)
        return context.report(data.error());
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    if (!app)
        return context.report(app.error());
    auto bundle = (*app)->pki().importBundle(*session, *data, parser.value(QStringLiteral("trust-domain")));
    if (!bundle)
        return context.report(bundle.error());
    if (context.json())
        context.printJson(bundleJson(*bundle));
    else
        context.out() << "trust bundle of " << bundle->trustDomain << " imported ("
                      << bundle->fingerprints.size() << " certificate(s))\n";
    return CtlContext::kExitOk;
}

int PkiCommand::status(CtlContext& context)
{
    auto session = context.signIn();
    if (!session)
        return context.report(session.error());
    auto app = context.open();
    if (!app)
        return context.report(app.error());
    auto st = (*app)->pki().status();
    if (!st)
        return context.report(st.error());
    if (context.json()) {
        QJsonArray bundles;
        for (const auto& b : st->bundles)
            bundles.append(bundleJson(b));
        context.printJson(QJsonObject{{QStringLiteral("initialized"), st->initialized},
                                      {QStringLiteral("trust_domain"), st->trustDomain},
                                      {QStringLiteral("ca_fingerprint"), st->caFingerprint},
                                      {QStringLiteral("ca_not_after"), iso(st->caNotAfter)},
                                      {QStringLiteral("server_fingerprint"), st->serverFingerprint},
                                      {QStringLiteral("server_not_after"), iso(st->serverNotAfter)},
                                      {QStringLiteral("bundles"), bundles}});
        return CtlContext::kExitOk;
    }
    if (!st->initialized)
        context.out() << "no local CA (run 'gatehousectl pki init')\n";
    else
        context.out() << "local CA: trust domain " << st->trustDomain << ", SHA-256 " << st->caFingerprint
                      << ", until " << iso(st->caNotAfter) << "\nserver certificate: until "
                      << iso(st->serverNotAfter) << '\n';
    for (const auto& b : st->bundles)
        context.out() << "trust bundle " << b.trustDomain << " (" << b.source << ", " << b.fingerprints.size()
                      << " certificate(s), updated " << iso(b.updatedAt) << ")\n";
    return CtlContext::kExitOk;
}

} // namespace gatehouse
