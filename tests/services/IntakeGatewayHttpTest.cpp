// The gateway's bounded HTTP/1.1 request parser, without sockets.

#include <QtTest>

#include "IntakeGatewayHttp.h"

using namespace gatehouse;
using P = IntakeGatewayHttp::Progress;

class IntakeGatewayHttpTest : public QObject
{
    Q_OBJECT
private slots:
    void completeRequestWithBody()
    {
        IntakeGatewayHttp parser;
        QByteArray buf = "POST /v1/actions?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Type: "
                         "application/json\r\n\r\n{}GET /next";
        QCOMPARE(parser.advance(buf), P::Complete);
        QCOMPARE(parser.request().method, QByteArray("POST"));
        QCOMPARE(parser.request().path, QByteArray("/v1/actions"));
        QCOMPARE(parser.request().body, QByteArray("{}"));
        QCOMPARE(parser.request().header("content-type"), QByteArray("application/json"));
        QVERIFY(parser.request().keepAlive);
        QCOMPARE(buf, QByteArray("GET /next")); // pipelined bytes stay for the next request
    }

    void arrivesInPieces()
    {
        IntakeGatewayHttp parser;
        const QByteArray whole = "POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello";
        QByteArray buf;
        P last = P::NeedMore;
        for (char c : whole) {
            QVERIFY(parser.wantBytes(buf) > 0);
            buf += c;
            last = parser.advance(buf);
            if (last == P::Complete)
                break;
            QVERIFY(last == P::NeedMore || last == P::HeadersComplete);
        }
        QCOMPARE(last, P::Complete);
        QVERIFY(parser.request().expectContinue);
        QCOMPARE(parser.request().body, QByteArray("hello"));
    }

    void wantBytesNeverExceedsTheLimits()
    {
        IntakeGatewayHttp parser;
        QByteArray buf;
        QCOMPARE(parser.wantBytes(buf), 16 * 1024 + 1);
        buf = "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc";
        QCOMPARE(parser.advance(buf), P::HeadersComplete);
        QCOMPARE(parser.wantBytes(buf), 7);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::newRow("too large") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 65537\r\n\r\n") << 413;
        QTest::newRow("absurd length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n") << 413;
        QTest::newRow("negative length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("length with sign")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n") << 400;
        QTest::newRow("two lengths")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") << 400;
        QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 501;
        QTest::newRow("folding") << QByteArray("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n") << 400;
        QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nX: a\r\n\r\n") << 400;
        QTest::newRow("space in name") << QByteArray("GET / HTTP/1.1\r\nBad Name: a\r\n\r\n") << 400;
        QTest::newRow("control in value") << QByteArray("GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n") << 400;
        QTest::newRow("absolute form") << QByteArray("GET http://x/ HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("HTTP/2") << QByteArray("PRI * HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
        QTest::newRow("header too big")
            << (QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(17000, 'a')) << 431;
        QTest::newRow("too many headers")
            << (QByteArray("GET / HTTP/1.1\r\n") + QByteArray("A: 1\r\n").repeated(65) + "\r\n") << 431;
    }

    void refusals()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        IntakeGatewayHttp parser;
        QCOMPARE(parser.advance(raw), P::Failed);
        QCOMPARE(parser.errorStatus(), status);
    }

    void connectionHeader()
    {
        IntakeGatewayHttp parser;
        QByteArray buf = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n";
        QCOMPARE(parser.advance(buf), P::Complete);
        QVERIFY(!parser.request().keepAlive);
        parser.reset();
        buf = "GET / HTTP/1.0\r\n\r\n";
        QCOMPARE(parser.advance(buf), P::Complete);
        QVERIFY(!parser.request().keepAlive);
    }
};

QTEST_GUILESS_MAIN(IntakeGatewayHttpTest)
#include "IntakeGatewayHttpTest.moc"
