// bench_credentials: how fast credentials are minted and verified, next to the raw
// Ed25519 rates of the same OpenSSL in the same run.
//
// - raw Ed25519 sign / verify of a 20-byte message (Ed25519Key / Ed25519PublicKey, i.e.
//   EVP_DigestSign / EVP_DigestVerify with a NULL digest), printed like
//   `openssl speed ed25519` so the two can be compared line by line;
// - JWT sign: claims -> RFC 8785 JSON -> base64url -> signature (JwtSigner, no storage);
// - issue: the whole mint as an allowed request does it - one WriteTransaction with the
//   action_requests row, CredentialService::issueFor (row + credential.issued ledger
//   event) and the commit (WAL, synchronous=FULL: one fsync per credential);
// - verify: JwtVerifier::verify of a minted token (segments, base64url, header, EdDSA
//   pinned, kid, signature, claims, iss, aud, exp/nbf) with keys taken from the JWKS.
//
// Options: --seconds S per measurement (default 3), --issue N credentials (default 2000).

#include <cstdio>
#include <cstdlib>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

#include "ActionRequestRepository.h"
#include "Application.h"
#include "CanonicalJson.h"
#include "CryptoPrimitives.h"
#include "Ed25519Key.h"
#include "Ed25519PublicKey.h"
#include "JwtSigner.h"
#include "JwtVerifier.h"
#include "WriteTransaction.h"

using namespace gatehouse;

namespace {

void out(const QString& line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString& message)
{
    std::fputs((QStringLiteral("bench_credentials: ") + message + QLatin1Char('\n')).toUtf8().constData(),
               stderr);
    std::exit(1);
}

/// Runs \a op repeatedly for about \a seconds; returns operations per second.
template <typename Op> double rate(double seconds, Op op)
{
    QElapsedTimer timer;
    timer.start();
    qint64 n = 0;
    const qint64 budgetNs = static_cast<qint64>(seconds * 1e9);
    while (timer.nsecsElapsed() < budgetNs) {
        for (int i = 0; i < 64; ++i)
            op();
        n += 64;
    }
    return static_cast<double>(n) / (static_cast<double>(timer.nsecsElapsed()) / 1e9);
}

ActionRecord allowedRecord(const QString& pathId, int i)
{
    ActionRecord r;
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.pathId = pathId;
    r.workloadId = QStringLiteral("spiffe://bench.example/agents/") + pathId;
    r.actionType = QStringLiteral("alert.annotate");
    r.target = QStringLiteral("siem:alert/%1").arg(i);
    r.targetKind = QStringLiteral("siem:alert");
    r.body = QJsonObject{{QStringLiteral("path_id"), pathId},
                         {QStringLiteral("action_type"), r.actionType},
                         {QStringLiteral("target"), r.target},
                         {QStringLiteral("on_behalf_of"), QStringLiteral("jdoe@bench.example")}};
    r.bodySha256 = QString::fromLatin1(CryptoPrimitives::sha256(CanonicalJson::serialize(r.body)).toHex());
    r.status = ActionStatus::Allowed;
    r.outcome = PolicyOutcome::Allow;
    r.decision = QJsonObject{{QStringLiteral("outcome"), QStringLiteral("allow")}};
    r.policyVersion = QString(64, QLatin1Char('a'));
    r.receivedAt = QDateTime::currentDateTimeUtc();
    r.decidedAt = r.receivedAt;
    return r;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication qapp(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Seconds per measurement."),
                      QStringLiteral("s"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("issue"), QStringLiteral("Credentials to mint durably."),
                      QStringLiteral("n"), QStringLiteral("2000")});
    parser.process(qapp);
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble();
    const int issueCount = parser.value(QStringLiteral("issue")).toInt();
    if (seconds <= 0 || issueCount < 1)
        die(QStringLiteral("--seconds and --issue must be positive"));

    // Raw primitive, openssl speed style (20-byte message, as `openssl speed` uses).
    auto key = Ed25519Key::generate();
    if (!key)
        die(key.error().message);
    const auto pub = *Ed25519PublicKey::fromRaw(key->publicKey());
    const QByteArray message(20, 'x');
    const QByteArray sig = *key->sign(message);
    const double signRate = rate(seconds, [&] { (void)key->sign(message); });
    const double verifyRate = rate(seconds, [&] {
        if (!pub.verify(message, sig))
            die(QStringLiteral("verify failed"));
    });

    // A workspace with one active T0 path.
    QTemporaryDir dir;
    ApplicationConfig config;
    config.workspaceDir = dir.path();
    config.initLogging = false;
    auto opened = Application::open(config);
    if (!opened)
        die(opened.error().message);
    Application& app = **opened;
    auto admin = app.accounts().createFirstAdmin(QStringLiteral("admin"), QStringLiteral("Admin"),
                                                 QStringLiteral("bench password 123"));
    if (!admin)
        die(admin.error().message);
    const OperatorSession session{QStringLiteral("admin"), OperatorRole::Admin};
    DecisionPath path;
    path.id = QStringLiteral("bench-path");
    path.name = QStringLiteral("Bench");
    path.owner = QStringLiteral("admin");
    path.workloadId = QStringLiteral("spiffe://bench.example/agents/bench-path");
    path.actionTypes = {QStringLiteral("alert.annotate")};
    path.targets = {QStringLiteral("siem:alert/*")};
    path.tier = SeverityTier::T0;
    path.frameworks.owaspAgentic = {QStringLiteral("ASI02")};
    path.frameworks.nistCsf = {QStringLiteral("RS.MI")};
    if (auto c = app.catalogue().create(session, path); !c)
        die(c.error().message);
    if (auto a = app.catalogue().activate(session, path.id); !a)
        die(a.error().message);

    // Durable issue: one transaction per credential, as IntakeService does on allow.
    QByteArray lastToken;
    Credential last;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < issueCount; ++i) {
        const ActionRecord r = allowedRecord(path.id, i);
        WriteTransaction tx(app.database().connection());
        if (!tx.begun() || !ActionRequestRepository(app.database().connection()).insert(r))
            die(QStringLiteral("cannot store the request"));
        auto issued = app.credentials().issueFor(r, {});
        if (!issued)
            die(issued.error().message);
        if (!tx.commit())
            die(QStringLiteral("commit failed"));
        lastToken = issued->token;
        last = issued->credential;
    }
    const double issueRate = issueCount / (static_cast<double>(timer.nsecsElapsed()) / 1e9);

    // JWT signing alone (claims of the last credential, no storage).
    auto signer = app.credentials().keyStore().load(last.kid);
    if (!signer)
        die(signer.error().message);
    const double jwtSignRate = rate(
        seconds, [&] { (void)JwtSigner::sign(**signer, JwtSigner::signingInput(last.kid, last.claims)); });

    JwtVerifierOptions options;
    options.issuer = app.credentials().issuer();
    options.audience = QStringLiteral("siem");
    auto verifier = JwtVerifier::create(*JwtVerifier::keysFromJwks(*app.credentials().jwks()), options);
    if (!verifier)
        die(verifier.error().message);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const double jwtVerifyRate = rate(seconds, [&] {
        if (!verifier->verify(lastToken, now))
            die(QStringLiteral("token did not verify"));
    });

    out(QStringLiteral("token: %1 bytes, %2 claims").arg(lastToken.size()).arg(last.claims.size()));
    out(QStringLiteral("issue (durable: row + ledger event + fsync per credential): %1 credentials/s over %2")
            .arg(issueRate, 0, 'f', 1)
            .arg(issueCount));
    out(QStringLiteral("JWT sign (claims -> JCS -> base64url -> Ed25519, no storage): %1 tokens/s")
            .arg(jwtSignRate, 0, 'f', 1));
    out(QStringLiteral("JWT verify (all checks, EdDSA pinned): %1 tokens/s").arg(jwtVerifyRate, 0, 'f', 1));
    out(QString());
    out(QStringLiteral("raw Ed25519 in this run, `openssl speed ed25519` format:"));
    out(QStringLiteral("                              sign    verify    sign/s verify/s"));
    out(QStringLiteral(" 253 bits EdDSA (Ed25519)   %1s   %2s %3 %4")
            .arg(1.0 / signRate, 0, 'f', 4)
            .arg(1.0 / verifyRate, 0, 'f', 4)
            .arg(signRate, 9, 'f', 1)
            .arg(verifyRate, 8, 'f', 1));
    return 0;
}
