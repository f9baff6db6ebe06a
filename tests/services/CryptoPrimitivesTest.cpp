// CryptoPrimitives and PasswordHasher: SHA-256 (FIPS 180-4 examples), the start-up
// self-test, randomness and constant-time comparison; scrypt (RFC 7914 section 12
// vectors), the encoded hash format, hostile encodings and the password policy.

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include "CryptoPrimitives.h"
#include "PasswordHasher.h"

using gatehouse::CryptoPrimitives;
using gatehouse::ErrorCode;
using gatehouse::PasswordHasher;
using gatehouse::ScryptParameters;

namespace {

/// Cheap parameters so the suite stays fast (N = 2^10, r = 8, p = 1: 1 MiB).
const ScryptParameters kCheap{1u << 10, 8, 1};
const QString kPassword = QStringLiteral("correct horse battery staple");

} // namespace

class CryptoPrimitivesTest : public QObject
{
    Q_OBJECT

private slots:
    void sha256Vectors_data();
    void sha256Vectors();
    void sha256OfMillionA();
    void sha256TwoPartsEqualsConcatenation_data();
    void sha256TwoPartsEqualsConcatenation();
    void selfTestPasses();
    void randomBytes();
    void constantTimeEquals_data();
    void constantTimeEquals();
    void cleanseClears();

    void scryptRfc7914Vectors_data();
    void scryptRfc7914Vectors();
    void scryptRefusesBadParameters();
    void hashFormat();
    void saltsDiffer();
    void verifyRightAndWrong();
    void verifyUsesStoredParameters();
    void hostileEncodingsRejectedQuickly_data();
    void hostileEncodingsRejectedQuickly();
    void passwordPolicy_data();
    void passwordPolicy();
};

void CryptoPrimitivesTest::sha256Vectors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digestHex");

    // FIPS 180-2 appendix B and the NIST "SHA-256 examples" document.
    QTest::newRow("empty") << QByteArray("")
                           << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("abc") << QByteArray("abc")
                         << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << QByteArray(
                                     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    QTest::newRow("896 bits")
        << QByteArray("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnop"
                      "qklmnopqrlmnopqrsmnopqrstnopqrstu")
        << QByteArray("cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

void CryptoPrimitivesTest::sha256Vectors()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digestHex);

    const QByteArray digest = CryptoPrimitives::sha256(message);
    QCOMPARE(digest.size(), 32);
    QCOMPARE(digest.toHex(), digestHex);
}

void CryptoPrimitivesTest::sha256OfMillionA()
{
    const QByteArray millionA(1000000, 'a');
    QCOMPARE(CryptoPrimitives::sha256(millionA).toHex(),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    // The same message fed as two parts, split off a block boundary.
    QCOMPARE(CryptoPrimitives::sha256(millionA.left(333333), millionA.mid(333333)).toHex(),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void CryptoPrimitivesTest::sha256TwoPartsEqualsConcatenation_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");

    QTest::newRow("both empty") << QByteArray() << QByteArray();
    QTest::newRow("first empty") << QByteArray() << QByteArray("abc");
    QTest::newRow("second empty") << QByteArray("abc") << QByteArray();
    QTest::newRow("ledger link") << QByteArray(32, '\0') << QByteArray(R"({"actor":"system","seq":1})");
    QTest::newRow("across a block") << QByteArray(63, 'x') << QByteArray(65, 'y');
}

void CryptoPrimitivesTest::sha256TwoPartsEqualsConcatenation()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);

    QCOMPARE(CryptoPrimitives::sha256(a, b), CryptoPrimitives::sha256(a + b));
    if (!a.isEmpty() && !b.isEmpty()) // order matters
        QVERIFY(CryptoPrimitives::sha256(a, b) != CryptoPrimitives::sha256(b, a));
}

void CryptoPrimitivesTest::selfTestPasses()
{
    const auto status = CryptoPrimitives::selfTest();
    QVERIFY2(status.has_value(), qPrintable(status ? QString() : status.error().message));
}

void CryptoPrimitivesTest::randomBytes()
{
    for (int size : {0, 1, 16, 32, 1000}) {
        const auto bytes = CryptoPrimitives::randomBytes(size);
        QVERIFY(bytes.has_value());
        QCOMPARE(bytes->size(), size);
    }
    // 100 draws of 16 bytes: a repeat would mean a broken generator (p ~ 2^-115).
    QSet<QByteArray> seen;
    for (int i = 0; i < 100; ++i) {
        const auto bytes = CryptoPrimitives::randomBytes(16);
        QVERIFY(bytes.has_value());
        QVERIFY2(!seen.contains(*bytes), bytes->toHex().constData());
        seen.insert(*bytes);
    }
    // Not all zero, and every byte value shows up over 64 KiB.
    const auto big = CryptoPrimitives::randomBytes(65536);
    QVERIFY(big.has_value());
    QSet<char> values;
    for (char c : *big)
        values.insert(c);
    QCOMPARE(values.size(), 256);
}

void CryptoPrimitivesTest::constantTimeEquals_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");

    const QByteArray digest = CryptoPrimitives::sha256(QByteArray("abc"));
    QByteArray lastFlipped = digest;
    lastFlipped[31] = static_cast<char>(lastFlipped[31] ^ 0x01);
    QByteArray firstFlipped = digest;
    firstFlipped[0] = static_cast<char>(firstFlipped[0] ^ 0x80);

    QTest::newRow("same digest") << digest << QByteArray(digest.constData(), digest.size()) << true;
    QTest::newRow("last bit differs") << digest << lastFlipped << false;
    QTest::newRow("first bit differs") << digest << firstFlipped << false;
    QTest::newRow("prefix") << digest << digest.left(31) << false;
    QTest::newRow("longer") << digest << digest + '\0' << false;
    QTest::newRow("both empty") << QByteArray() << QByteArray("") << true;
    QTest::newRow("empty vs one byte") << QByteArray() << QByteArray(1, '\0') << false;
    QTest::newRow("embedded NUL") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
}

void CryptoPrimitivesTest::constantTimeEquals()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);

    QCOMPARE(CryptoPrimitives::constantTimeEquals(a, b), equal);
    QCOMPARE(CryptoPrimitives::constantTimeEquals(b, a), equal);
}

void CryptoPrimitivesTest::cleanseClears()
{
    QByteArray secret("hunter2-hunter2");
    CryptoPrimitives::cleanse(secret);
    QVERIFY(secret.isEmpty());
    QByteArray empty;
    CryptoPrimitives::cleanse(empty);
    QVERIFY(empty.isEmpty());
}

void CryptoPrimitivesTest::scryptRfc7914Vectors_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<quint64>("n");
    QTest::addColumn<quint32>("r");
    QTest::addColumn<quint32>("p");
    QTest::addColumn<QByteArray>("expectedHex");

    // RFC 7914 section 12 (the fourth vector, N = 2^20, is left out for time).
    QTest::newRow("empty, N=16")
        << QByteArray("") << QByteArray("") << quint64(16) << quint32(1) << quint32(1)
        << QByteArray("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd00"
                      "69ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    QTest::newRow("password/NaCl, N=1024")
        << QByteArray("password") << QByteArray("NaCl") << quint64(1024) << quint32(8) << quint32(16)
        << QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373"
                      "1622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2"
                      "cc0640");
    QTest::newRow("pleaseletmein, N=16384") << QByteArray("pleaseletmein") << QByteArray("SodiumChloride")
                                            << quint64(16384) << quint32(8) << quint32(1)
                                            << QByteArray("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9"
                                                          "b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e"
                                                          "85dc0d651e40dfcf017b45575887");
}

void CryptoPrimitivesTest::scryptRfc7914Vectors()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(quint64, n);
    QFETCH(quint32, r);
    QFETCH(quint32, p);
    QFETCH(QByteArray, expectedHex);

    const auto derived = PasswordHasher::deriveRaw(password, salt, ScryptParameters{n, r, p}, 64);
    QVERIFY2(derived.has_value(), qPrintable(derived ? QString() : derived.error().message));
    QCOMPARE(derived->toHex(), expectedHex);
    // A shorter output is a prefix of the longer one (PBKDF2 final step).
    const auto shorter = PasswordHasher::deriveRaw(password, salt, ScryptParameters{n, r, p}, 32);
    QVERIFY(shorter.has_value());
    QCOMPARE(shorter->toHex(), expectedHex.left(64));
}

void CryptoPrimitivesTest::scryptRefusesBadParameters()
{
    for (const ScryptParameters& params :
         {ScryptParameters{0, 8, 1}, ScryptParameters{1, 8, 1}, ScryptParameters{1000, 8, 1},
          ScryptParameters{1024, 0, 1}, ScryptParameters{1024, 8, 0}}) {
        const auto derived = PasswordHasher::deriveRaw("pw", "salt", params, 32);
        QVERIFY2(
            !derived.has_value(),
            qPrintable(QStringLiteral("N=%1 r=%2 p=%3 accepted").arg(params.n).arg(params.r).arg(params.p)));
        QCOMPARE(derived.error().code, ErrorCode::CryptoFailure);
    }
    // Memory beyond the cap (128 * 2^22 * 8 = 4 GiB) is refused, not attempted.
    QElapsedTimer timer;
    timer.start();
    QVERIFY(
        !PasswordHasher::deriveRaw("pw", "salt", ScryptParameters{quint64(1) << 22, 8, 1}, 32).has_value());
    QVERIFY(timer.elapsed() < 2000);

    // A hasher with N not a power of two cannot encode "ln" and refuses to hash.
    const auto hash = PasswordHasher(ScryptParameters{1000, 8, 1}).hash(kPassword);
    QVERIFY(!hash.has_value());
    QCOMPARE(hash.error().code, ErrorCode::CryptoFailure);
}

void CryptoPrimitivesTest::hashFormat()
{
    const auto encoded = PasswordHasher(kCheap).hash(kPassword);
    QVERIFY2(encoded.has_value(), qPrintable(encoded ? QString() : encoded.error().message));
    // 16-byte salt -> 22 base64 characters, 32-byte hash -> 43, no padding.
    static const QRegularExpression format(
        QStringLiteral("^\\$scrypt\\$ln=10,r=8,p=1\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})$"));
    const auto match = format.match(*encoded);
    QVERIFY2(match.hasMatch(), qPrintable(*encoded));
    QCOMPARE(QByteArray::fromBase64(match.captured(1).toLatin1()).size(), 16);

    // The stored hash is scrypt(password, salt) with the stored parameters.
    const QByteArray salt = QByteArray::fromBase64(match.captured(1).toLatin1());
    const auto expected = PasswordHasher::deriveRaw(kPassword.toUtf8(), salt, kCheap, 32);
    QVERIFY(expected.has_value());
    QCOMPARE(QByteArray::fromBase64(match.captured(2).toLatin1()), *expected);
    QVERIFY(!encoded->contains(kPassword));
}

void CryptoPrimitivesTest::saltsDiffer()
{
    const PasswordHasher hasher(kCheap);
    const auto first = hasher.hash(kPassword);
    const auto second = hasher.hash(kPassword);
    QVERIFY(first.has_value() && second.has_value());
    QVERIFY(*first != *second);
    QVERIFY(first->section(QLatin1Char('$'), 3, 3) != second->section(QLatin1Char('$'), 3, 3));
    QVERIFY(hasher.verify(kPassword, *first));
    QVERIFY(hasher.verify(kPassword, *second));
}

void CryptoPrimitivesTest::verifyRightAndWrong()
{
    const PasswordHasher hasher(kCheap);
    const QString unicode = QStringLiteral("пароль-мой-😀-длинный");
    for (const QString& password : {kPassword, unicode}) {
        const auto encoded = hasher.hash(password);
        QVERIFY(encoded.has_value());
        QVERIFY(hasher.verify(password, *encoded));
        QVERIFY(!hasher.verify(password + QLatin1Char(' '), *encoded));
        QVERIFY(!hasher.verify(password.chopped(1), *encoded));
        QVERIFY(!hasher.verify(password.toUpper(), *encoded));
        QVERIFY(!hasher.verify(QString(), *encoded));
    }
}

void CryptoPrimitivesTest::verifyUsesStoredParameters()
{
    // A hash made with other parameters still verifies: they travel with the hash.
    const auto encoded = PasswordHasher(ScryptParameters{1u << 11, 4, 2}).hash(kPassword);
    QVERIFY(encoded.has_value());
    QVERIFY(encoded->startsWith(QStringLiteral("$scrypt$ln=11,r=4,p=2$")));
    QVERIFY(PasswordHasher(kCheap).verify(kPassword, *encoded));

    // Changing the stored parameters breaks verification.
    QString tampered = *encoded;
    tampered.replace(QStringLiteral("ln=11"), QStringLiteral("ln=10"));
    QVERIFY(!PasswordHasher(kCheap).verify(kPassword, tampered));
}

void CryptoPrimitivesTest::hostileEncodingsRejectedQuickly_data()
{
    QTest::addColumn<QString>("encoded");

    const auto good = PasswordHasher(kCheap).hash(kPassword);
    QVERIFY(good.has_value());
    const QString salt = good->section(QLatin1Char('$'), 3, 3);
    const QString hash = good->section(QLatin1Char('$'), 4, 4);
    auto withParams = [&](const QString& params) {
        return QStringLiteral("$scrypt$") + params + QLatin1Char('$') + salt + QLatin1Char('$') + hash;
    };

    QTest::newRow("ln=40") << withParams(QStringLiteral("ln=40,r=8,p=1"));
    QTest::newRow("ln=99") << withParams(QStringLiteral("ln=99,r=8,p=1"));
    QTest::newRow("ln=0") << withParams(QStringLiteral("ln=0,r=8,p=1"));
    QTest::newRow("ln=64") << withParams(QStringLiteral("ln=64,r=8,p=1"));
    QTest::newRow("r=999") << withParams(QStringLiteral("ln=10,r=999,p=1"));
    QTest::newRow("r=0") << withParams(QStringLiteral("ln=10,r=0,p=1"));
    QTest::newRow("p=0") << withParams(QStringLiteral("ln=10,r=8,p=0"));
    QTest::newRow("p=99") << withParams(QStringLiteral("ln=10,r=8,p=99"));
    QTest::newRow("negative") << withParams(QStringLiteral("ln=-1,r=8,p=1"));
    QTest::newRow("huge memory") << withParams(QStringLiteral("ln=20,r=32,p=16"));
    QTest::newRow("huge work") << withParams(QStringLiteral("ln=19,r=8,p=16"));
    QTest::newRow("over the work cap, little memory") << withParams(QStringLiteral("ln=16,r=8,p=16"));
    QTest::newRow("missing p") << withParams(QStringLiteral("ln=10,r=8"));
    QTest::newRow("reordered params") << withParams(QStringLiteral("r=8,ln=10,p=1"));
    QTest::newRow("empty") << QString();
    QTest::newRow("prefix only") << QStringLiteral("$scrypt$");
    QTest::newRow("other scheme") << QStringLiteral("$argon2id$v=19$m=65536,t=3,p=4$") + salt +
                                         QLatin1Char('$') + hash;
    QTest::newRow("truncated hash") << good->chopped(10);
    QTest::newRow("hash cut to 4 chars") << good->chopped(hash.size() - 4);
    QTest::newRow("no hash") << good->chopped(hash.size() + 1);
    QTest::newRow("empty salt") << QStringLiteral("$scrypt$ln=10,r=8,p=1$$") + hash;
    QTest::newRow("short salt") << QStringLiteral("$scrypt$ln=10,r=8,p=1$AAAA$") + hash;
    QTest::newRow("non-base64 hash")
        << withParams(QStringLiteral("ln=10,r=8,p=1")).replace(hash, QStringLiteral("!!!!****~~~~"));
    QTest::newRow("padding") << *good + QStringLiteral("=");
    QTest::newRow("trailing newline") << *good + QLatin1Char('\n');
    QTest::newRow("leading space") << QLatin1Char(' ') + *good;
    QTest::newRow("extra field") << *good + QStringLiteral("$AAAA");
    QTest::newRow("non-ASCII digits") << withParams(QStringLiteral("ln=١٠,r=8,p=1"));
}

void CryptoPrimitivesTest::hostileEncodingsRejectedQuickly()
{
    QFETCH(QString, encoded);

    const PasswordHasher hasher(kCheap);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!hasher.verify(kPassword, encoded));
    // A stored hash must not be able to make a sign-in hang or exhaust memory.
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

void CryptoPrimitivesTest::passwordPolicy_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("rule");

    QTest::newRow("empty") << QString() << false << QStringLiteral("at least 12");
    QTest::newRow("11 chars") << QString(11, QLatin1Char('x')) << false << QStringLiteral("at least 12");
    QTest::newRow("12 chars") << QString(12, QLatin1Char('x')) << true << QString();
    QTest::newRow("12 cyrillic chars") << QStringLiteral("абвгдеёжзийк") << true << QString();
    QTest::newRow("1024 chars") << QString(1024, QLatin1Char('x')) << true << QString();
    QTest::newRow("1025 chars") << QString(1025, QLatin1Char('x')) << false << QStringLiteral("at most 1024");
}

void CryptoPrimitivesTest::passwordPolicy()
{
    QFETCH(QString, password);
    QFETCH(bool, accepted);
    QFETCH(QString, rule);

    const auto status = PasswordHasher::checkPasswordPolicy(password);
    QCOMPARE(status.has_value(), accepted);
    if (!accepted) {
        QCOMPARE(status.error().code, ErrorCode::InvalidInput);
        QVERIFY2(status.error().message.contains(rule), qPrintable(status.error().message));
    }
}

QTEST_GUILESS_MAIN(CryptoPrimitivesTest)
#include "CryptoPrimitivesTest.moc"
