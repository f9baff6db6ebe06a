#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QSslCertificate>
#include <QSslCertificateExtension>
#include <QtTest>

#include "CertificateAuthority.h"
#include "DecisionPathBuilder.h"
#include "PkiService.h"
#include "SvidVerifier.h"
#include "TestWorkspace.h"

using namespace gatehouse;
using namespace gatehouse::test;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

int modeOf(const QString& file)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(file).constData(), &st) != 0)
        return -1;
    return static_cast<int>(st.st_mode & 0777);
}

QByteArray der(const QByteArray& pem)
{
    return QSslCertificate::fromData(pem, QSsl::Pem).value(0).toDer();
}

} // namespace

class PkiServiceTest : public QObject
{
    Q_OBJECT
private slots:
    void initCreatesCaAndServerCertificate()
    {
        TestWorkspace ws;
        PkiInitOptions o;
        o.trustDomain = s("corp.example");
        o.extraSans = {s("gateway.corp.example"), s("10.0.0.5")};
        auto st = ws.app().pki().init(ws.admin(), o);
        QVERIFY2(st.has_value(), st ? "" : qPrintable(st.error().message));
        QVERIFY(st->initialized);
        QCOMPARE(st->trustDomain, s("corp.example"));
        const QDir keys(ws.app().workspace().keysDirectory());
        QCOMPARE(modeOf(keys.filePath(s("ca.key"))), 0600);
        QCOMPARE(modeOf(keys.filePath(s("server.key"))), 0600);
        QVERIFY(QFile::exists(keys.filePath(s("ca.pem"))));

        QFile serverPem(keys.filePath(s("server.pem")));
        QVERIFY(serverPem.open(QIODevice::ReadOnly));
        const auto chain = QSslCertificate::fromData(serverPem.readAll(), QSsl::Pem);
        QCOMPARE(chain.size(), 2); // server, then CA
        const auto names = chain.first().subjectAlternativeNames();
        QVERIFY(names.values(QSsl::DnsEntry).contains(s("localhost")));
        QVERIFY(names.values(QSsl::DnsEntry).contains(s("gateway.corp.example")));
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(s("127.0.0.1")));
        QVERIFY(names.values(QSsl::IpAddressEntry).contains(s("10.0.0.5")));

        const auto events = *ws.app().ledger().events({});
        QCOMPARE(events.last().type, s("pki.initialized"));
        QCOMPARE(events.last().subject, s("trust-domain:corp.example"));
        // No key material in the ledger.
        QVERIFY(!QJsonDocument(events.last().payload).toJson().contains("PRIVATE KEY"));

        auto bundles = ws.app().pki().bundles();
        QCOMPARE(bundles->size(), 1);
        QCOMPARE(bundles->first().source, s("local-ca"));

        // A second init needs --force.
        auto again = ws.app().pki().init(ws.admin(), o);
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        o.force = true;
        QVERIFY(ws.app().pki().init(ws.admin(), o).has_value());
    }

    void initTrustDomainDefaultsToTheCatalogues()
    {
        TestWorkspace ws;
        QVERIFY(ws.app().catalogue().create(ws.admin(), DecisionPathBuilder(s("p1")).build()).has_value());
        auto st = ws.app().pki().init(ws.admin(), {});
        QVERIFY(st.has_value());
        QCOMPARE(st->trustDomain, s("corp.example"));
    }

    void onlyAdminsInitAndImport()
    {
        TestWorkspace ws;
        const OperatorSession owner = ws.addOperator(s("olga"), OperatorRole::Owner);
        auto st = ws.app().pki().init(owner, {});
        QVERIFY(!st);
        QCOMPARE(st.error().code, ErrorCode::PermissionDenied);
        auto ca = CertificateAuthority::create(s("spire.example"), QDateTime::currentDateTimeUtc(), 30);
        auto imported = ws.app().pki().importBundle(owner, ca->certificate().certificatePem, {});
        QVERIFY(!imported);
        QCOMPARE(imported.error().code, ErrorCode::PermissionDenied);
    }

    void svidFollowsTheX509SvidProfile()
    {
        TestWorkspace ws;
        QVERIFY(ws.app()
                    .catalogue()
                    .create(ws.admin(), DecisionPathBuilder(s("soc-isolate")).build())
                    .has_value());
        PkiInitOptions o;
        o.trustDomain = s("corp.example");
        QVERIFY(ws.app().pki().init(ws.admin(), o).has_value());
        // A draft path gets an SVID too (the gateway refuses it as not active).
        auto svid = ws.app().pki().issueSvid(ws.admin(), s("soc-isolate"), 600);
        QVERIFY2(svid.has_value(), svid ? "" : qPrintable(svid.error().message));
        QCOMPARE(svid->spiffeId, s("spiffe://corp.example/agents/soc-isolate"));
        QCOMPARE(svid->certificate.notAfter, ws.clock().now().addSecs(600));

        const QSslCertificate cert =
            QSslCertificate::fromData(svid->certificate.certificatePem, QSsl::Pem).first();
        QVERIFY(cert.subjectInfo(QSslCertificate::CommonName).isEmpty());
        // No DNS, e-mail or IP names (Qt does not list URI entries here; see subjectAltName below).
        QVERIFY(cert.subjectAlternativeNames().isEmpty());
        bool sawBasic = false, sawKu = false, sawEku = false, sawSan = false;
        for (const QSslCertificateExtension& e : cert.extensions()) {
            if (e.name() == s("basicConstraints")) {
                sawBasic = true;
                QCOMPARE(e.value().toMap().value(s("ca")).toBool(), false);
            } else if (e.name() == s("keyUsage")) {
                sawKu = true;
                QVERIFY(e.isCritical());
                QCOMPARE(e.value().toStringList(), QStringList{s("Digital Signature")});
            } else if (e.name() == s("extendedKeyUsage")) {
                sawEku = true;
                QCOMPARE(e.value().toStringList(), QStringList{s("TLS Web Client Authentication")});
            } else if (e.name() == s("subjectAltName")) {
                sawSan = true;
                QCOMPARE(e.value().toMap().value(s("URI")).toString(),
                         s("spiffe://corp.example/agents/soc-isolate"));
            }
        }
        QVERIFY(sawBasic && sawKu && sawEku && sawSan);

        // It verifies against the bundle, with the workload identity as its result.
        SvidVerifier verifier(*ws.app().pki().bundles());
        auto verified = verifier.verify({cert.toDer()}, ws.clock().now());
        QVERIFY2(verified.has_value(), verified ? "" : qPrintable(verified.error().message));
        QCOMPARE(verified->id.toString(), svid->spiffeId);
        QCOMPARE(verified->serialHex, svid->certificate.serialHex);

        const auto events = *ws.app().ledger().events({});
        QCOMPARE(events.last().type, s("pki.svid_issued"));
        QCOMPARE(events.last().payload.value(s("serial")).toString(), svid->certificate.serialHex);
        QCOMPARE(events.last().payload.value(s("path_status")).toString(), s("draft"));

        // Files: key 0600.
        QTemporaryDir out;
        QVERIFY(PkiService::writeSvidFiles(*svid, out.path()).has_value());
        QCOMPARE(modeOf(out.filePath(s("svid.key"))), 0600);
        QVERIFY(QFile::exists(out.filePath(s("bundle.pem"))));
    }

    void svidRefusals()
    {
        TestWorkspace ws;
        auto& cat = ws.app().catalogue();
        QVERIFY(cat.create(ws.admin(), DecisionPathBuilder(s("p1")).build()).has_value());
        QVERIFY(
            cat.create(ws.admin(), DecisionPathBuilder(s("no-workload")).workload({}).build()).has_value());
        QVERIFY(
            cat.create(ws.admin(),
                       DecisionPathBuilder(s("elsewhere")).workload(s("spiffe://spire.example/x")).build())
                .has_value());
        // Before init.
        auto none = ws.app().pki().issueSvid(ws.admin(), s("p1"), 600);
        QVERIFY(!none);
        QCOMPARE(none.error().code, ErrorCode::Conflict);
        PkiInitOptions o;
        o.trustDomain = s("corp.example");
        QVERIFY(ws.app().pki().init(ws.admin(), o).has_value());
        QCOMPARE(ws.app().pki().issueSvid(ws.admin(), s("p1"), 59).error().code, ErrorCode::InvalidInput);
        QCOMPARE(ws.app().pki().issueSvid(ws.admin(), s("p1"), 86401).error().code, ErrorCode::InvalidInput);
        QCOMPARE(ws.app().pki().issueSvid(ws.admin(), s("ghost"), 600).error().code, ErrorCode::NotFound);
        QCOMPARE(ws.app().pki().issueSvid(ws.admin(), s("no-workload"), 600).error().code,
                 ErrorCode::InvalidInput);
        QCOMPARE(ws.app().pki().issueSvid(ws.admin(), s("elsewhere"), 600).error().code,
                 ErrorCode::InvalidInput);
        const OperatorSession analyst = ws.addOperator(s("ana"), OperatorRole::Analyst);
        QCOMPARE(ws.app().pki().issueSvid(analyst, s("p1"), 600).error().code, ErrorCode::PermissionDenied);
    }

    void verifierRefusals()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto ca = CertificateAuthority::create(s("corp.example"), now.addDays(-1), 30);
        auto other = CertificateAuthority::create(s("other.example"), now.addDays(-1), 30);
        QVERIFY(ca && other);
        auto bundle = TrustBundleStore::parse(ca->certificate().certificatePem, {}, s("local-ca"));
        QVERIFY(bundle.has_value());
        QCOMPARE(bundle->trustDomain, s("corp.example"));
        SvidVerifier verifier({*bundle});
        const SpiffeId id = *SpiffeId::parseWorkload(s("spiffe://corp.example/agents/a"));

        auto good = ca->issueSvid(id, now.addSecs(-60), now.addSecs(600));
        QVERIFY(verifier.verify({der(good->certificatePem)}, now).has_value());
        // Expired, and not yet valid.
        QVERIFY(!verifier.verify({der(good->certificatePem)}, now.addSecs(601)));
        QVERIFY(!verifier.verify({der(good->certificatePem)}, now.addSecs(-120)));
        // No certificate; garbage.
        QCOMPARE(verifier.verify({}, now).error().code, ErrorCode::AuthenticationFailed);
        QVERIFY(!verifier.verify({QByteArray("not DER")}, now));
        // The CA certificate itself is not an SVID (no path in its SPIFFE ID, and a CA).
        QVERIFY(!verifier.verify({der(ca->certificate().certificatePem)}, now));
        // Another trust domain: no bundle.
        auto foreign = other->issueSvid(*SpiffeId::parseWorkload(s("spiffe://other.example/agents/a")),
                                        now.addSecs(-60), now.addSecs(600));
        QVERIFY(verifier.verify({der(foreign->certificatePem)}, now)
                    .error()
                    .message.contains(s("no trust bundle")));
        // A server certificate (no URI SAN) is not an SVID.
        auto server = ca->issueServer({s("localhost")}, {}, now.addSecs(-60), now.addSecs(600));
        QVERIFY(verifier.verify({der(server->certificatePem)}, now)
                    .error()
                    .message.contains(s("exactly one URI SAN")));
        // SVIDs for another trust domain are not issued by this CA.
        QVERIFY(!ca->issueSvid(*SpiffeId::parseWorkload(s("spiffe://other.example/agents/a")), now,
                               now.addSecs(60)));
    }

    void bundleImportChecksItsInput()
    {
        TestWorkspace ws;
        auto& pki = ws.app().pki();
        QCOMPARE(pki.importBundle(ws.admin(), "no certificates here", {}).error().code,
                 ErrorCode::InvalidInput);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        auto ca = CertificateAuthority::create(s("spire.example"), now, 30);
        auto leaf = ca->issueServer({s("localhost")}, {}, now, now.addDays(1));
        QVERIFY(pki.importBundle(ws.admin(), leaf->certificatePem, s("spire.example"))
                    .error()
                    .message.contains(s("not a CA")));
        auto first = pki.importBundle(ws.admin(), ca->certificate().certificatePem, {});
        QVERIFY(first.has_value());
        QCOMPARE(first->trustDomain, s("spire.example"));
        // Replacing it is recorded with the previous fingerprints.
        auto rotated = CertificateAuthority::create(s("spire.example"), now, 30);
        QVERIFY(pki.importBundle(ws.admin(),
                                 rotated->certificate().certificatePem + ca->certificate().certificatePem, {})
                    .has_value());
        const auto last = ws.app().ledger().events({})->last();
        QCOMPARE(last.type, s("pki.bundle_imported"));
        QCOMPARE(last.payload.value(s("replaced")).toBool(), true);
        QCOMPARE(pki.bundles()->first().fingerprints.size(), 2);
        QCOMPARE(
            pki.importBundle(ws.admin(), ca->certificate().certificatePem, s("Not A Domain!")).error().code,
            ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(PkiServiceTest)
#include "PkiServiceTest.moc"
