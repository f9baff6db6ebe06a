// JWT verification as a downstream system does it: EdDSA pinned, every rejection with its
// own code (FIELD-CASES 5 and 6), plus the primitives underneath (RFC 8032, RFC 7515).

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QtTest>

#include "Base64Url.h"
#include "CanonicalJson.h"
#include "Ed25519Key.h"
#include "Ed25519PublicKey.h"
#include "JwtSigner.h"
#include "JwtVerifier.h"

using namespace gatehouse;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

QByteArray b64(const QByteArray& bytes)
{
    return Base64Url::encode(bytes);
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

constexpr qint64 kNow = 1710035999; // 2024-03-10T01:59:59Z (FIELD-CASES 5)

QDateTime at(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}

} // namespace

class JwtVerifierTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();

    void ed25519Rfc8032Vector1();
    void ed25519RejectsAlteredMessageAndSignature();
    void ed25519PemRoundTrip();
    void base64UrlIsStrict_data();
    void base64UrlIsStrict();
    void signedTokenVerifies();
    void algNoneIsRejectedInAnyCase_data();
    void algNoneIsRejectedInAnyCase();
    void hmacWithPublicKeyBytesIsRejected();
    void otherAlgorithmsAreRejected_data();
    void otherAlgorithmsAreRejected();
    void structuralRejections_data();
    void structuralRejections();
    void unknownKidAndBadSignature();
    void wrongAudienceAndIssuer();
    void fieldCase5Table_data();
    void fieldCase5Table();
    void signedTokensAtTheTimeBoundaries_data();
    void signedTokensAtTheTimeBoundaries();
    void leewayAbove30SecondsIsRefused();
    void jwksParsing();

private:
    QByteArray token(const QJsonObject& claims, const QString& kid = {}) const;
    QJsonObject claims(qint64 exp, std::optional<qint64> nbf = kNow - 10) const;
    JwtVerifier verifier(qint64 leeway = 0, const QString& audience = s("okta")) const;

    std::optional<Ed25519Key> m_key;
    QString m_kid = s("test-kid");
};

void JwtVerifierTest::initTestCase()
{
    auto key = Ed25519Key::generate();
    QVERIFY(key.has_value());
    m_key.emplace(std::move(*key));
}

QByteArray JwtVerifierTest::token(const QJsonObject& claims, const QString& kid) const
{
    return *JwtSigner::sign(*m_key, JwtSigner::signingInput(kid.isEmpty() ? m_kid : kid, claims));
}

QJsonObject JwtVerifierTest::claims(qint64 exp, std::optional<qint64> nbf) const
{
    QJsonObject c{{s("iss"), s("urn:gatehouse:credentials")},
                  {s("sub"), s("spiffe://corp.example/agents/soc")},
                  {s("aud"), s("okta")},
                  {s("jti"), s("11111111-2222-3333-4444-555555555555")},
                  {s("iat"), kNow - 10},
                  {s("exp"), exp},
                  {s("action_type"), s("iam.account.disable")}};
    if (nbf)
        c.insert(s("nbf"), *nbf);
    return c;
}

JwtVerifier JwtVerifierTest::verifier(qint64 leeway, const QString& audience) const
{
    QHash<QString, Ed25519PublicKey> keys;
    keys.insert(m_kid, *Ed25519PublicKey::fromRaw(m_key->publicKey()));
    JwtVerifierOptions o;
    o.issuer = s("urn:gatehouse:credentials");
    o.audience = audience;
    o.leewaySeconds = leeway;
    return *JwtVerifier::create(keys, o);
}

void JwtVerifierTest::ed25519Rfc8032Vector1()
{
    // RFC 8032 section 7.1, TEST 1: empty message.
    QByteArray seed = QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    auto key = Ed25519Key::fromSeed(seed);
    QVERIFY(key.has_value());
    QCOMPARE(key->publicKey().toHex(),
             QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    auto sig = key->sign(QByteArray());
    QVERIFY(sig.has_value());
    QCOMPARE(sig->toHex(), QByteArray("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    auto pub = Ed25519PublicKey::fromRaw(key->publicKey());
    QVERIFY(pub.has_value());
    QVERIFY(pub->verify(QByteArray(), *sig));
    QVERIFY(!Ed25519Key::fromSeed(seed.left(31)).has_value());
}

void JwtVerifierTest::ed25519RejectsAlteredMessageAndSignature()
{
    const QByteArray msg("transfer 10 EUR");
    const QByteArray sig = *m_key->sign(msg);
    const auto pub = *Ed25519PublicKey::fromRaw(m_key->publicKey());
    QVERIFY(pub.verify(msg, sig));
    QVERIFY(!pub.verify(QByteArray("transfer 11 EUR"), sig));
    QByteArray flipped = sig;
    flipped[10] = static_cast<char>(flipped[10] ^ 0x01);
    QVERIFY(!pub.verify(msg, flipped));
    QVERIFY(!pub.verify(msg, sig.left(63)));
    QVERIFY(pub.verify(msg, sig)); // a failed check leaves the key usable
    QVERIFY(!Ed25519PublicKey::fromRaw(QByteArray(31, 'x')).has_value());
}

void JwtVerifierTest::ed25519PemRoundTrip()
{
    QByteArray pem = *m_key->toPem();
    QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
    auto again = Ed25519Key::fromPem(pem);
    QVERIFY(again.has_value());
    QCOMPARE(again->publicKey(), m_key->publicKey());
    // Deterministic signatures (RFC 8032): the same key signs the same bytes identically.
    QCOMPARE(*again->sign("abc"), *m_key->sign("abc"));
    QVERIFY(
        !Ed25519Key::fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").has_value());
}

void JwtVerifierTest::base64UrlIsStrict_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("empty") << QByteArray("") << true << QByteArray("");
    QTest::newRow("f") << QByteArray("Zg") << true << QByteArray("f");
    QTest::newRow("url alphabet") << QByteArray("-_8") << true << QByteArray("\xfb\xff");
    QTest::newRow("padding") << QByteArray("Zg==") << false << QByteArray();
    QTest::newRow("std alphabet +") << QByteArray("+_8") << false << QByteArray();
    QTest::newRow("std alphabet /") << QByteArray("-/8") << false << QByteArray();
    QTest::newRow("whitespace") << QByteArray("Zm 9v") << false << QByteArray();
    QTest::newRow("length 1 mod 4") << QByteArray("Zm9vY") << false << QByteArray();
    QTest::newRow("non-zero spare bits") << QByteArray("Zh") << false << QByteArray();
    QTest::newRow("nul byte") << QByteArray("Zg\0", 3) << false << QByteArray();
}

void JwtVerifierTest::base64UrlIsStrict()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(QByteArray, decoded);
    const auto got = Base64Url::decode(text);
    QCOMPARE(got.has_value(), valid);
    if (valid)
        QCOMPARE(*got, decoded);
}

void JwtVerifierTest::signedTokenVerifies()
{
    const QByteArray t = token(claims(kNow + 300));
    QCOMPARE(t.count('.'), 2);
    QVERIFY(!t.contains('='));
    auto v = verifier().verify(t, at(kNow));
    QVERIFY2(v.has_value(), v ? "" : qPrintable(v.error().message));
    QCOMPARE(v->kid, m_kid);
    QCOMPARE(v->jti, s("11111111-2222-3333-4444-555555555555"));
    QCOMPARE(v->claims.value(s("action_type")).toString(), s("iam.account.disable"));
    QCOMPARE(v->expiresAt, at(kNow + 300));
    // The header is exactly {"alg":"EdDSA","kid":...,"typ":"JWT"} in RFC 8785 form.
    QCOMPARE(*Base64Url::decode(t.split('.').at(0)),
             QByteArray(R"({"alg":"EdDSA","kid":"test-kid","typ":"JWT"})"));
}

void JwtVerifierTest::algNoneIsRejectedInAnyCase_data()
{
    QTest::addColumn<QString>("alg");
    for (const char* a : {"none", "None", "NONE", "nOnE"})
        QTest::newRow(a) << s(a);
}

void JwtVerifierTest::algNoneIsRejectedInAnyCase()
{
    QFETCH(QString, alg);
    // A real token, its header rewritten, a claim changed, the signature dropped.
    const QByteArray genuine = token(claims(kNow + 300));
    QJsonObject forged = QJsonDocument::fromJson(*Base64Url::decode(genuine.split('.').at(1))).object();
    forged.insert(s("action_type"), s("iam.role.assign"));
    const QByteArray unsigned_ =
        b64(json({{s("alg"), alg}, {s("typ"), s("JWT")}})) + '.' + b64(json(forged)) + '.';
    auto v = verifier().verify(unsigned_, at(kNow));
    QVERIFY(!v.has_value());
    QCOMPARE(v.error().error, TokenError::AlgNone);
    QCOMPARE(v.error().code(), s("alg_none"));
    // Even with our kid and the original signature kept.
    const QByteArray withKid = b64(json({{s("alg"), alg}, {s("kid"), m_kid}})) + '.' +
                               genuine.split('.').at(1) + '.' + genuine.split('.').at(2);
    QCOMPARE(verifier().verify(withKid, at(kNow)).error().error, TokenError::AlgNone);
}

void JwtVerifierTest::hmacWithPublicKeyBytesIsRejected()
{
    // Key confusion: HS256 with the verifier's public key as the HMAC secret.
    const QByteArray input = b64(json({{s("alg"), s("HS256")}, {s("kid"), m_kid}, {s("typ"), s("JWT")}})) +
                             '.' + b64(CanonicalJson::serialize(claims(kNow + 300)));
    for (const QByteArray& secret : {m_key->publicKey(), b64(m_key->publicKey())}) {
        const QByteArray mac = QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256);
        auto v = verifier().verify(input + '.' + b64(mac), at(kNow));
        QVERIFY(!v.has_value());
        QCOMPARE(v.error().error, TokenError::AlgHmac);
        QCOMPARE(v.error().code(), s("alg_hmac"));
    }
}

void JwtVerifierTest::otherAlgorithmsAreRejected_data()
{
    QTest::addColumn<QJsonValue>("alg");
    QTest::addColumn<int>("error");
    QTest::newRow("RS256") << QJsonValue(s("RS256")) << int(TokenError::AlgNotAllowed);
    QTest::newRow("ES256") << QJsonValue(s("ES256")) << int(TokenError::AlgNotAllowed);
    QTest::newRow("eddsa lower case") << QJsonValue(s("eddsa")) << int(TokenError::AlgNotAllowed);
    QTest::newRow("Ed25519") << QJsonValue(s("Ed25519")) << int(TokenError::AlgNotAllowed);
    QTest::newRow("HS512") << QJsonValue(s("HS512")) << int(TokenError::AlgHmac);
    QTest::newRow("missing") << QJsonValue() << int(TokenError::AlgNotAllowed);
    QTest::newRow("number") << QJsonValue(256) << int(TokenError::AlgNotAllowed);
    QTest::newRow("array") << QJsonValue(QJsonArray{s("EdDSA")}) << int(TokenError::AlgNotAllowed);
}

void JwtVerifierTest::otherAlgorithmsAreRejected()
{
    QFETCH(QJsonValue, alg);
    QFETCH(int, error);
    QJsonObject header{{s("kid"), m_kid}};
    if (!alg.isUndefined() && !alg.isNull())
        header.insert(s("alg"), alg);
    const QByteArray input = b64(json(header)) + '.' + b64(json(claims(kNow + 300)));
    // Signed with the real key: the signature would verify, the algorithm still decides.
    auto v = verifier().verify(input + '.' + b64(*m_key->sign(input)), at(kNow));
    QVERIFY(!v.has_value());
    QCOMPARE(int(v.error().error), error);
}

void JwtVerifierTest::structuralRejections_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("error");
    const QByteArray good = token(claims(kNow + 300));
    const QList<QByteArray> p = good.split('.');
    const QByteArray header = p[0];
    QTest::newRow("empty") << QByteArray() << int(TokenError::Malformed);
    QTest::newRow("two segments") << (p[0] + '.' + p[1]) << int(TokenError::Malformed);
    QTest::newRow("four segments") << (good + ".AAAA") << int(TokenError::Malformed);
    QTest::newRow("JWE-like five") << QByteArray("a.b.c.d.e") << int(TokenError::Malformed);
    QTest::newRow("oversized") << (header + '.' + QByteArray(9000, 'A') + '.' + p[2])
                               << int(TokenError::TooLarge);
    QTest::newRow("header padding") << (p[0] + "=." + p[1] + '.' + p[2]) << int(TokenError::BadBase64);
    QTest::newRow("header std alphabet")
        << (QByteArray("eyJ+").append('.') + p[1] + '.' + p[2]) << int(TokenError::BadBase64);
    QTest::newRow("empty header") << (QByteArray(".") + p[1] + '.' + p[2]) << int(TokenError::BadBase64);
    QTest::newRow("header not JSON") << (b64("{alg:EdDSA}") + '.' + p[1] + '.' + p[2])
                                     << int(TokenError::BadJson);
    QTest::newRow("header JSON array")
        << (b64("[\"EdDSA\"]") + '.' + p[1] + '.' + p[2]) << int(TokenError::BadJson);
    QTest::newRow("claims bad base64") << (p[0] + ".e30*." + p[2]) << int(TokenError::BadBase64);
    QTest::newRow("signature bad base64") << (p[0] + '.' + p[1] + ".!!") << int(TokenError::BadBase64);
    QTest::newRow("signature empty") << (p[0] + '.' + p[1] + '.') << int(TokenError::BadSignature);
    QTest::newRow("no kid") << (b64(R"({"alg":"EdDSA"})") + '.' + p[1] + '.' + p[2])
                            << int(TokenError::MissingKid);
    QTest::newRow("crit") << (b64(R"({"alg":"EdDSA","kid":"test-kid","crit":["exp"]})") + '.' + p[1] + '.' +
                              p[2])
                          << int(TokenError::UnsupportedCrit);
}

void JwtVerifierTest::structuralRejections()
{
    QFETCH(QByteArray, token);
    QFETCH(int, error);
    auto v = verifier().verify(token, at(kNow));
    QVERIFY(!v.has_value());
    QCOMPARE(v.error().code(), tokenErrorCode(TokenError(error)));
    QVERIFY(!v.error().message.isEmpty());
    // Never echoes the token.
    if (token.size() > 20)
        QVERIFY(!v.error().message.toUtf8().contains(token.left(20)));
}

void JwtVerifierTest::unknownKidAndBadSignature()
{
    const QByteArray t = token(claims(kNow + 300), s("other-kid"));
    QCOMPARE(verifier().verify(t, at(kNow)).error().error, TokenError::UnknownKid);

    // A claim changed after signing.
    const QByteArray good = token(claims(kNow + 300));
    QJsonObject c = claims(kNow + 300);
    c.insert(s("action_type"), s("iam.role.assign"));
    const QByteArray tampered =
        good.split('.').at(0) + '.' + b64(CanonicalJson::serialize(c)) + '.' + good.split('.').at(2);
    QCOMPARE(verifier().verify(tampered, at(kNow)).error().error, TokenError::BadSignature);

    // Signed by another Ed25519 key under our kid.
    auto other = *Ed25519Key::generate();
    const QByteArray foreign = *JwtSigner::sign(other, JwtSigner::signingInput(m_kid, claims(kNow + 300)));
    QCOMPARE(verifier().verify(foreign, at(kNow)).error().error, TokenError::BadSignature);

    // A claims segment that is not an object, correctly signed: rejected after the signature.
    const QByteArray input = b64(R"({"alg":"EdDSA","kid":"test-kid"})") + '.' + b64("[1,2]");
    QCOMPARE(verifier().verify(input + '.' + b64(*m_key->sign(input)), at(kNow)).error().error,
             TokenError::BadJson);
    // exp as a string.
    QJsonObject stringExp = claims(kNow + 300);
    stringExp.insert(s("exp"), QString::number(kNow + 300));
    QCOMPARE(verifier().verify(token(stringExp), at(kNow)).error().error, TokenError::InvalidClaims);
    QJsonObject noExp = claims(kNow + 300);
    noExp.remove(s("exp"));
    QCOMPARE(verifier().verify(token(noExp), at(kNow)).error().error, TokenError::InvalidClaims);
}

void JwtVerifierTest::wrongAudienceAndIssuer()
{
    const QByteArray t = token(claims(kNow + 300));
    QCOMPARE(verifier(0, s("github")).verify(t, at(kNow)).error().error, TokenError::WrongAudience);
    QCOMPARE(verifier(0, s("okt")).verify(t, at(kNow)).error().error, TokenError::WrongAudience);
    QJsonObject listAud = claims(kNow + 300);
    listAud.insert(s("aud"), QJsonArray{s("edr"), s("okta")});
    QVERIFY(verifier().verify(token(listAud), at(kNow)).has_value());
    listAud.insert(s("aud"), QJsonArray{s("edr")});
    QCOMPARE(verifier().verify(token(listAud), at(kNow)).error().error, TokenError::WrongAudience);
    QJsonObject otherIss = claims(kNow + 300);
    otherIss.insert(s("iss"), s("https://evil.example"));
    QCOMPARE(verifier().verify(token(otherIss), at(kNow)).error().error, TokenError::WrongIssuer);
}

void JwtVerifierTest::fieldCase5Table_data()
{
    // FIELD-CASES 5, now = 1710035999: rule accept iff now < exp + L and now >= nbf - L.
    QTest::addColumn<qint64>("leeway");
    QTest::addColumn<qint64>("expOffset");
    QTest::addColumn<bool>("hasNbf");
    QTest::addColumn<qint64>("nbfOffset");
    QTest::addColumn<bool>("accepted");
    const qint64 later = 3600;
    for (qint64 l : {qint64(0), qint64(60)}) {
        const QByteArray tag = "L=" + QByteArray::number(l) + " ";
        QTest::newRow(tag + "exp = now") << l << qint64(0) << false << qint64(0) << (l == 60);
        QTest::newRow(tag + "exp = now + 1") << l << qint64(1) << false << qint64(0) << true;
        QTest::newRow(tag + "exp = now - 61") << l << qint64(-61) << false << qint64(0) << false;
        QTest::newRow(tag + "nbf = now + 30") << l << later << true << qint64(30) << (l == 60);
        QTest::newRow(tag + "nbf = now + 90") << l << later << true << qint64(90) << false;
        // iat ahead of the verifier's clock, no nbf: the console's policy is to accept
        // (iat is not a validity bound, so issuer clock drift never rejects).
        QTest::newRow(tag + "iat = now + 30, no nbf") << l << later << false << qint64(0) << true;
    }
}

void JwtVerifierTest::fieldCase5Table()
{
    QFETCH(qint64, leeway);
    QFETCH(qint64, expOffset);
    QFETCH(bool, hasNbf);
    QFETCH(qint64, nbfOffset);
    QFETCH(bool, accepted);
    const std::optional<double> nbf = hasNbf ? std::optional<double>(double(kNow + nbfOffset)) : std::nullopt;
    QCOMPARE(JwtVerifier::timeAccepted(double(kNow), double(kNow + expOffset), nbf, leeway), accepted);
}

void JwtVerifierTest::signedTokensAtTheTimeBoundaries_data()
{
    // The same rule through real tokens, with the leeways the verifier allows (0 and 30 s).
    QTest::addColumn<qint64>("leeway");
    QTest::addColumn<qint64>("expOffset");
    QTest::addColumn<bool>("hasNbf");
    QTest::addColumn<qint64>("nbfOffset");
    QTest::addColumn<int>("error"); // -1 = accepted
    QTest::newRow("L0 exp = now") << qint64(0) << qint64(0) << false << qint64(0) << int(TokenError::Expired);
    QTest::newRow("L0 exp = now + 1") << qint64(0) << qint64(1) << false << qint64(0) << -1;
    QTest::newRow("L30 exp = now") << qint64(30) << qint64(0) << false << qint64(0) << -1;
    QTest::newRow("L30 exp = now - 29") << qint64(30) << qint64(-29) << false << qint64(0) << -1;
    QTest::newRow("L30 exp = now - 30")
        << qint64(30) << qint64(-30) << false << qint64(0) << int(TokenError::Expired);
    QTest::newRow("L30 exp = now - 61")
        << qint64(30) << qint64(-61) << false << qint64(0) << int(TokenError::Expired);
    QTest::newRow("L0 nbf = now") << qint64(0) << qint64(300) << true << qint64(0) << -1;
    QTest::newRow("L0 nbf = now + 1")
        << qint64(0) << qint64(300) << true << qint64(1) << int(TokenError::NotYetValid);
    QTest::newRow("L30 nbf = now + 30") << qint64(30) << qint64(300) << true << qint64(30) << -1;
    QTest::newRow("L30 nbf = now + 31")
        << qint64(30) << qint64(300) << true << qint64(31) << int(TokenError::NotYetValid);
    QTest::newRow("L0 iat = now + 30, no nbf") << qint64(0) << qint64(300) << false << qint64(0) << -1;
}

void JwtVerifierTest::signedTokensAtTheTimeBoundaries()
{
    QFETCH(qint64, leeway);
    QFETCH(qint64, expOffset);
    QFETCH(bool, hasNbf);
    QFETCH(qint64, nbfOffset);
    QFETCH(int, error);
    QJsonObject c = claims(kNow + expOffset, hasNbf ? std::optional<qint64>(kNow + nbfOffset) : std::nullopt);
    if (!hasNbf)
        c.insert(s("iat"), kNow + 30);
    auto v = verifier(leeway).verify(token(c), at(kNow));
    if (error < 0) {
        QVERIFY2(v.has_value(), v ? "" : qPrintable(v.error().message));
    } else {
        QVERIFY(!v.has_value());
        QCOMPARE(int(v.error().error), error);
    }
}

void JwtVerifierTest::leewayAbove30SecondsIsRefused()
{
    QHash<QString, Ed25519PublicKey> keys;
    keys.insert(m_kid, *Ed25519PublicKey::fromRaw(m_key->publicKey()));
    JwtVerifierOptions o;
    o.leewaySeconds = 31;
    auto v = JwtVerifier::create(keys, o);
    QVERIFY(!v.has_value());
    QCOMPARE(v.error().code, ErrorCode::InvalidInput);
    o.leewaySeconds = -1;
    QVERIFY(!JwtVerifier::create(keys, o).has_value());
    o.leewaySeconds = 30;
    QVERIFY(JwtVerifier::create(keys, o).has_value());
    QVERIFY(!JwtVerifier::create({}, {}).has_value());
}

void JwtVerifierTest::jwksParsing()
{
    const QString x = QString::fromLatin1(b64(m_key->publicKey()));
    QJsonObject jwks{
        {s("keys"),
         QJsonArray{
             QJsonObject{{s("kty"), s("RSA")}, {s("kid"), s("rsa-1")}, {s("n"), s("AQAB")}},
             QJsonObject{{s("kty"), s("OKP")}, {s("crv"), s("Ed25519")}, {s("kid"), m_kid}, {s("x"), x}}}}};
    auto keys = JwtVerifier::keysFromJwks(jwks);
    QVERIFY(keys.has_value());
    QCOMPARE(keys->size(), 1);
    QVERIFY(keys->contains(m_kid));
    QCOMPARE(keys->constFind(m_kid)->raw(), m_key->publicKey());
    QVERIFY(!JwtVerifier::keysFromJwks(QJsonObject{{s("keys"), s("nope")}}).has_value());
    QJsonObject withPrivate{
        {s("keys"),
         QJsonArray{QJsonObject{
             {s("kty"), s("OKP")}, {s("crv"), s("Ed25519")}, {s("kid"), m_kid}, {s("x"), x}, {s("d"), x}}}}};
    QVERIFY(!JwtVerifier::keysFromJwks(withPrivate).has_value());
    QJsonObject shortX{
        {s("keys"),
         QJsonArray{QJsonObject{
             {s("kty"), s("OKP")}, {s("crv"), s("Ed25519")}, {s("kid"), m_kid}, {s("x"), s("AAAA")}}}}};
    QVERIFY(!JwtVerifier::keysFromJwks(shortX).has_value());
}

QTEST_GUILESS_MAIN(JwtVerifierTest)
#include "JwtVerifierTest.moc"
