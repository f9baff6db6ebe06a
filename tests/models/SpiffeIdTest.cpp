// SpiffeId against the SPIFFE ID specification (spiffe/spiffe standards/SPIFFE-ID.md):
// scheme, trust-domain and path rules, and the 2048-byte limit.

#include <QtTest>

#include "SpiffeId.h"

using gatehouse::ErrorCode;
using gatehouse::SpiffeId;

class SpiffeIdTest : public QObject
{
    Q_OBJECT

private slots:
    void acceptsValidIds_data();
    void acceptsValidIds();
    void rejectsInvalidIds_data();
    void rejectsInvalidIds();
    void workloadNeedsPath_data();
    void workloadNeedsPath();
    void lengthLimitsAreInclusive();
};

void SpiffeIdTest::acceptsValidIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("trustDomain");
    QTest::addColumn<QString>("path");

    QTest::newRow("kubernetes style") << QStringLiteral("spiffe://example.org/ns/prod/sa/x")
                                      << QStringLiteral("example.org") << QStringLiteral("/ns/prod/sa/x");
    QTest::newRow("td digits dots dashes underscores")
        << QStringLiteral("spiffe://my_td-01.prod.example-2.org/agent")
        << QStringLiteral("my_td-01.prod.example-2.org") << QStringLiteral("/agent");
    QTest::newRow("td only digits") << QStringLiteral("spiffe://1234/a") << QStringLiteral("1234")
                                    << QStringLiteral("/a");
    QTest::newRow("path mixed case and punctuation")
        << QStringLiteral("spiffe://corp.example/Agents/triage-2.3_beta") << QStringLiteral("corp.example")
        << QStringLiteral("/Agents/triage-2.3_beta");
    QTest::newRow("segment with dots that is not . or ..")
        << QStringLiteral("spiffe://corp.example/.../a.b") << QStringLiteral("corp.example")
        << QStringLiteral("/.../a.b");
    QTest::newRow("bare trust domain")
        << QStringLiteral("spiffe://example.org") << QStringLiteral("example.org") << QString();
}

void SpiffeIdTest::acceptsValidIds()
{
    QFETCH(QString, text);
    QFETCH(QString, trustDomain);
    QFETCH(QString, path);

    const auto id = SpiffeId::parse(text);
    QVERIFY2(id.has_value(), qPrintable(id ? QString() : id.error().message));
    QCOMPARE(id->trustDomain(), trustDomain);
    QCOMPARE(id->path(), path);
    QCOMPARE(id->toString(), text);
}

void SpiffeIdTest::rejectsInvalidIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("rule"); // a word the error message must contain

    QTest::newRow("empty") << QString() << QStringLiteral("empty");
    QTest::newRow("upper-case scheme")
        << QStringLiteral("SPIFFE://example.org/a") << QStringLiteral("lower-case");
    QTest::newRow("mixed-case scheme")
        << QStringLiteral("Spiffe://example.org/a") << QStringLiteral("lower-case");
    QTest::newRow("http scheme") << QStringLiteral("http://example.org/a") << QStringLiteral("spiffe://");
    QTest::newRow("missing //") << QStringLiteral("spiffe:example.org/a") << QStringLiteral("spiffe://");
    QTest::newRow("single /") << QStringLiteral("spiffe:/example.org/a") << QStringLiteral("spiffe://");
    QTest::newRow("leading space") << QStringLiteral(" spiffe://example.org/a")
                                   << QStringLiteral("spiffe://");
    QTest::newRow("scheme only") << QStringLiteral("spiffe://") << QStringLiteral("trust domain is empty");
    QTest::newRow("empty trust domain")
        << QStringLiteral("spiffe:///a") << QStringLiteral("trust domain is empty");
    QTest::newRow("upper-case trust domain") << QStringLiteral("spiffe://Example.org/a")
                                             << QStringLiteral("trust domain may only hold lower-case");
    QTest::newRow("space in trust domain")
        << QStringLiteral("spiffe://exa mple.org/a") << QStringLiteral("trust domain may only hold");
    QTest::newRow("non-ASCII trust domain")
        << QStringLiteral("spiffe://exämple.org/a") << QStringLiteral("trust domain may only hold");
    QTest::newRow("port") << QStringLiteral("spiffe://example.org:8443/a") << QStringLiteral("port");
    QTest::newRow("empty port") << QStringLiteral("spiffe://example.org:/a") << QStringLiteral("port");
    QTest::newRow("user info") << QStringLiteral("spiffe://user@example.org/a")
                               << QStringLiteral("user info");
    QTest::newRow("user info with password")
        << QStringLiteral("spiffe://user:secret@example.org/a") << QStringLiteral("user info");
    QTest::newRow("percent in trust domain")
        << QStringLiteral("spiffe://ex%41mple.org/a") << QStringLiteral("percent-encoding");
    QTest::newRow("percent in path") << QStringLiteral("spiffe://example.org/a%20b")
                                     << QStringLiteral("percent-encoding");
    QTest::newRow("query") << QStringLiteral("spiffe://example.org/a?x=1") << QStringLiteral("query");
    QTest::newRow("empty query") << QStringLiteral("spiffe://example.org/a?") << QStringLiteral("query");
    QTest::newRow("fragment") << QStringLiteral("spiffe://example.org/a#frag") << QStringLiteral("fragment");
    QTest::newRow("empty first segment")
        << QStringLiteral("spiffe://example.org//a") << QStringLiteral("empty segment");
    QTest::newRow("empty middle segment")
        << QStringLiteral("spiffe://example.org/a//b") << QStringLiteral("empty segment");
    QTest::newRow("dot segment") << QStringLiteral("spiffe://example.org/./a")
                                 << QStringLiteral("\".\" or \"..\"");
    QTest::newRow("dot-dot segment") << QStringLiteral("spiffe://example.org/a/../b")
                                     << QStringLiteral("\".\" or \"..\"");
    QTest::newRow("trailing dot-dot")
        << QStringLiteral("spiffe://example.org/a/..") << QStringLiteral("\".\" or \"..\"");
    QTest::newRow("trailing slash") << QStringLiteral("spiffe://example.org/a/")
                                    << QStringLiteral("end with '/'");
    QTest::newRow("trust domain with trailing slash")
        << QStringLiteral("spiffe://example.org/") << QStringLiteral("end with '/'");
    QTest::newRow("space in path") << QStringLiteral("spiffe://example.org/a b")
                                   << QStringLiteral("path segments may only hold");
    QTest::newRow("star in path") << QStringLiteral("spiffe://example.org/agents/*")
                                  << QStringLiteral("path segments may only hold");
    QTest::newRow("colon in path") << QStringLiteral("spiffe://example.org/a:b")
                                   << QStringLiteral("path segments may only hold");
    QTest::newRow("non-ASCII in path")
        << QStringLiteral("spiffe://example.org/agent-ü") << QStringLiteral("path segments may only hold");
    QTest::newRow("backslash in path")
        << QStringLiteral("spiffe://example.org/a\\b") << QStringLiteral("path segments may only hold");

    const QString prefix = QStringLiteral("spiffe://example.org/");
    QTest::newRow("2049 bytes") << prefix + QString(2049 - prefix.size(), QLatin1Char('a'))
                                << QStringLiteral("2048 bytes");
    QTest::newRow("2048 chars but more bytes")
        << prefix + QString(2048 - prefix.size() - 1, QLatin1Char('a')) + QStringLiteral("é")
        << QStringLiteral("2048 bytes");
    QTest::newRow("256-char trust domain")
        << QStringLiteral("spiffe://") + QString(256, QLatin1Char('t')) + QStringLiteral("/a")
        << QStringLiteral("255 characters");
}

void SpiffeIdTest::rejectsInvalidIds()
{
    QFETCH(QString, text);
    QFETCH(QString, rule);

    const auto id = SpiffeId::parse(text);
    QVERIFY2(!id.has_value(), qPrintable(QStringLiteral("accepted: ") + text));
    QCOMPARE(id.error().code, ErrorCode::InvalidInput);
    QVERIFY2(id.error().message.contains(rule), qPrintable(id.error().message));

    // A workload ID is a SPIFFE ID first: the same refusal, for the same reason.
    const auto workload = SpiffeId::parseWorkload(text);
    QVERIFY(!workload.has_value());
    QCOMPARE(workload.error().message, id.error().message);
}

void SpiffeIdTest::workloadNeedsPath_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("bare trust domain") << QStringLiteral("spiffe://example.org") << false;
    QTest::newRow("one segment") << QStringLiteral("spiffe://example.org/triage") << true;
    QTest::newRow("several segments") << QStringLiteral("spiffe://example.org/ns/prod/sa/x") << true;
}

void SpiffeIdTest::workloadNeedsPath()
{
    QFETCH(QString, text);
    QFETCH(bool, accepted);

    QVERIFY(SpiffeId::parse(text).has_value());
    const auto id = SpiffeId::parseWorkload(text);
    QCOMPARE(id.has_value(), accepted);
    if (accepted) {
        QCOMPARE(id->toString(), text);
    } else {
        QCOMPARE(id.error().code, ErrorCode::InvalidInput);
        QVERIFY2(id.error().message.contains(QStringLiteral("needs a path")), qPrintable(id.error().message));
    }
}

void SpiffeIdTest::lengthLimitsAreInclusive()
{
    // Exactly 255 characters of trust domain and exactly 2048 bytes in all are allowed.
    const QString domain255(255, QLatin1Char('d'));
    const auto longDomain =
        SpiffeId::parseWorkload(QStringLiteral("spiffe://") + domain255 + QStringLiteral("/a"));
    QVERIFY2(longDomain.has_value(), qPrintable(longDomain ? QString() : longDomain.error().message));
    QCOMPARE(longDomain->trustDomain(), domain255);

    const QString prefix = QStringLiteral("spiffe://example.org/");
    const QString id2048 = prefix + QString(2048 - prefix.size(), QLatin1Char('p'));
    QCOMPARE(id2048.toUtf8().size(), 2048);
    const auto longId = SpiffeId::parseWorkload(id2048);
    QVERIFY2(longId.has_value(), qPrintable(longId ? QString() : longId.error().message));
    QCOMPARE(longId->path().size(), 2048 - prefix.size() + 1);
}

QTEST_GUILESS_MAIN(SpiffeIdTest)
#include "SpiffeIdTest.moc"
