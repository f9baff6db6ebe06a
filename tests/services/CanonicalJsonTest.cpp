// CanonicalJson against RFC 8785 (JSON Canonicalization Scheme): the number samples of
// Appendix B, the section 3.2.2 example, the section 3.2.3 sorting example, and string
// escaping as in ECMAScript JSON.stringify.

#include <bit>
#include <limits>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "CanonicalJson.h"

using gatehouse::CanonicalJson;

namespace {

QJsonValue parse(const QByteArray& json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

} // namespace

class CanonicalJsonTest : public QObject
{
    Q_OBJECT

private slots:
    void appendixBNumbers_data();
    void appendixBNumbers();
    void moreNumbers_data();
    void moreNumbers();
    void section322Example();
    void section323Sorting();
    void stringEscaping_data();
    void stringEscaping();
    void structures_data();
    void structures();
    void nonFiniteNumbersAreNotEmittedAsNumbers();
};

void CanonicalJsonTest::appendixBNumbers_data()
{
    QTest::addColumn<quint64>("bits");
    QTest::addColumn<QByteArray>("expected");

    // RFC 8785 Appendix B, "Number Serialization Samples" (the finite ones; NaN and
    // Infinity are not JSON numbers).
    const struct
    {
        quint64 bits;
        const char* text;
    } samples[] = {
        {0x0000000000000000, "0"},
        {0x8000000000000000, "0"},
        {0x0000000000000001, "5e-324"},
        {0x8000000000000001, "-5e-324"},
        {0x7fefffffffffffff, "1.7976931348623157e+308"},
        {0xffefffffffffffff, "-1.7976931348623157e+308"},
        {0x4340000000000000, "9007199254740992"},
        {0xc340000000000000, "-9007199254740992"},
        {0x4430000000000000, "295147905179352830000"},
        {0x44b52d02c7e14af5, "9.999999999999997e+22"},
        {0x44b52d02c7e14af6, "1e+23"},
        {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
        {0x444b1ae4d6e2ef4e, "999999999999999700000"},
        {0x444b1ae4d6e2ef4f, "999999999999999900000"},
        {0x444b1ae4d6e2ef50, "1e+21"},
        {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
        {0x3eb0c6f7a0b5ed8d, "0.000001"},
        {0x41b3de4355555553, "333333333.3333332"},
        {0x41b3de4355555554, "333333333.33333325"},
        {0x41b3de4355555555, "333333333.3333333"},
        {0x41b3de4355555556, "333333333.3333334"},
        {0x41b3de4355555557, "333333333.33333343"},
        {0xbecbf647612f3696, "-0.0000033333333333333333"},
        {0x43143ff3c1cb0959, "1424953923781206.2"},
    };
    for (const auto& s : samples) {
        const QByteArray tag = QByteArray::number(s.bits, 16).rightJustified(16, '0');
        QTest::newRow(tag.constData()) << s.bits << QByteArray(s.text);
    }
}

void CanonicalJsonTest::appendixBNumbers()
{
    QFETCH(quint64, bits);
    QFETCH(QByteArray, expected);

    const double value = std::bit_cast<double>(bits);
    QCOMPARE(CanonicalJson::formatNumber(value), expected);
    QCOMPARE(CanonicalJson::serialize(QJsonValue(value)), expected);
    QCOMPARE(CanonicalJson::serialize(QJsonArray{value}), QByteArray('[' + expected + ']'));
}

void CanonicalJsonTest::moreNumbers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");

    // ECMAScript Number::toString: integers up to 21 digits in plain form, fractions down
    // to 1e-6 in plain form, otherwise the shortest round-trip digits with an exponent.
    QTest::newRow("integer") << QByteArray("[42]") << QByteArray("[42]");
    QTest::newRow("negative integer") << QByteArray("[-7]") << QByteArray("[-7]");
    QTest::newRow("trailing zeros") << QByteArray("[4.50]") << QByteArray("[4.5]");
    QTest::newRow("exponent form integer") << QByteArray("[1E2]") << QByteArray("[100]");
    QTest::newRow("minus zero") << QByteArray("[-0.0]") << QByteArray("[0]");
    QTest::newRow("tenth") << QByteArray("[0.1]") << QByteArray("[0.1]");
    QTest::newRow("1e20") << QByteArray("[1e20]") << QByteArray("[100000000000000000000]");
    QTest::newRow("1e21") << QByteArray("[1e21]") << QByteArray("[1e+21]");
    QTest::newRow("1e-6") << QByteArray("[0.000001]") << QByteArray("[0.000001]");
    QTest::newRow("1e-7") << QByteArray("[1e-7]") << QByteArray("[1e-7]");
    QTest::newRow("1.5e-7") << QByteArray("[0.00000015]") << QByteArray("[1.5e-7]");
    QTest::newRow("1.5e300") << QByteArray("[1.5e300]") << QByteArray("[1.5e+300]");
    QTest::newRow("0.1+0.2") << QByteArray("[0.30000000000000004]") << QByteArray("[0.30000000000000004]");
    // JSON numbers are IEEE-754 doubles in JCS: 2^53 + 1 is not representable.
    QTest::newRow("2^53+1") << QByteArray("[9007199254740993]") << QByteArray("[9007199254740992]");
}

void CanonicalJsonTest::moreNumbers()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    QCOMPARE(CanonicalJson::serialize(parse(json)), expected);
}

void CanonicalJsonTest::section322Example()
{
    // RFC 8785 section 3.2.2, input with whitespace, escapes and number forms ...
    const QByteArray input = R"({
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
})";
    // ... and its canonical form (section 3.2.4 lists the same bytes in hex).
    const QByteArray expected = "{\"literals\":[null,true,false],"
                                "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                                "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
    QCOMPARE(CanonicalJson::serialize(parse(input)), expected);
}

void CanonicalJsonTest::section323Sorting()
{
    // RFC 8785 section 3.2.3: names are sorted by their UTF-16 code units, so the emoji
    // (surrogates D83D DE00) comes before U+FB33 although its code point is higher.
    const QByteArray input = R"({
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
})";
    const QByteArray expected = "{\"\\r\":\"Carriage Return\","
                                "\"1\":\"One\","
                                "\"\xc2\x80\":\"Control\","
                                "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
                                "\"\xe2\x82\xac\":\"Euro Sign\","
                                "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
                                "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}";
    QCOMPARE(CanonicalJson::serialize(parse(input)), expected);
}

void CanonicalJsonTest::stringEscaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    auto ch = [](char16_t c) { return QString(QChar(c)); };
    QTest::newRow("plain") << QStringLiteral("abc") << QByteArray("\"abc\"");
    QTest::newRow("empty") << QString() << QByteArray("\"\"");
    QTest::newRow("quote") << QStringLiteral("a\"b") << QByteArray("\"a\\\"b\"");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QByteArray("\"a\\\\b\"");
    QTest::newRow("solidus not escaped") << QStringLiteral("a/b</script>") << QByteArray("\"a/b</script>\"");
    QTest::newRow("backspace") << ch(0x08) << QByteArray("\"\\b\"");
    QTest::newRow("tab") << ch(0x09) << QByteArray("\"\\t\"");
    QTest::newRow("line feed") << ch(0x0a) << QByteArray("\"\\n\"");
    QTest::newRow("form feed") << ch(0x0c) << QByteArray("\"\\f\"");
    QTest::newRow("carriage return") << ch(0x0d) << QByteArray("\"\\r\"");
    QTest::newRow("NUL") << ch(0x00) << QByteArray("\"\\u0000\"");
    QTest::newRow("U+0001") << ch(0x01) << QByteArray("\"\\u0001\"");
    QTest::newRow("vertical tab") << ch(0x0b) << QByteArray("\"\\u000b\"");
    QTest::newRow("U+000F lower-case hex") << ch(0x0f) << QByteArray("\"\\u000f\"");
    QTest::newRow("U+001A lower-case hex") << ch(0x1a) << QByteArray("\"\\u001a\"");
    QTest::newRow("U+001F") << ch(0x1f) << QByteArray("\"\\u001f\"");
    QTest::newRow("space") << ch(0x20) << QByteArray("\" \"");
    QTest::newRow("DEL literal") << ch(0x7f) << QByteArray("\"\x7f\"");
    QTest::newRow("U+0080 literal") << ch(0x80) << QByteArray("\"\xc2\x80\"");
    QTest::newRow("euro literal") << ch(0x20ac) << QByteArray("\"\xe2\x82\xac\"");
    QTest::newRow("line separator literal") << ch(0x2028) << QByteArray("\"\xe2\x80\xa8\"");
    QTest::newRow("cyrillic literal")
        << QStringLiteral("Отчёт") << QByteArray("\"\xd0\x9e\xd1\x82\xd1\x87\xd1\x91\xd1\x82\"");
    QTest::newRow("emoji literal") << QString::fromUtf16(u"\U0001F600") << QByteArray("\"\xf0\x9f\x98\x80\"");
    QTest::newRow("mixed") << QStringLiteral("x\ty\"z\\") + ch(0x1b)
                           << QByteArray("\"x\\ty\\\"z\\\\\\u001b\"");
}

void CanonicalJsonTest::stringEscaping()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);

    QCOMPARE(CanonicalJson::quote(text), expected);
    QCOMPARE(CanonicalJson::serialize(QJsonValue(text)), expected);
    // The canonical form is valid JSON that reads back to the same text.
    const QJsonDocument back = QJsonDocument::fromJson('[' + expected + ']');
    QCOMPARE(back.array().at(0).toString(), text);
}

void CanonicalJsonTest::structures_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty object") << QByteArray("{ }") << QByteArray("{}");
    QTest::newRow("empty array") << QByteArray("[ ]") << QByteArray("[]");
    QTest::newRow("nested objects sorted at every level")
        << QByteArray(R"({"b": [{"z": 1, "a": 2}, []], "a": {"y": {}, "x": null}})")
        << QByteArray(R"({"a":{"x":null,"y":{}},"b":[{"a":2,"z":1},[]]})");
    QTest::newRow("array order kept")
        << QByteArray(R"([3, 1, "b", "a", true, null])") << QByteArray(R"([3,1,"b","a",true,null])");
    QTest::newRow("prefix sorts first")
        << QByteArray(R"({"ab": 1, "a": 2, "B": 3, "": 4})") << QByteArray(R"({"":4,"B":3,"a":2,"ab":1})");
    QTest::newRow("ledger-like payload")
        << QByteArray(
               R"({"type":"path.updated","payload":{"changes":{"tier":{"before":"T1","after":"T2"}}},"seq":12})")
        << QByteArray(
               R"({"payload":{"changes":{"tier":{"after":"T2","before":"T1"}}},"seq":12,"type":"path.updated"})");
}

void CanonicalJsonTest::structures()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);

    const QJsonValue value = parse(json);
    const QByteArray canonical = CanonicalJson::serialize(value);
    QCOMPARE(canonical, expected);
    // Idempotent: canonicalising the canonical form changes nothing.
    QCOMPARE(CanonicalJson::serialize(parse(canonical)), canonical);
}

void CanonicalJsonTest::nonFiniteNumbersAreNotEmittedAsNumbers()
{
    // JSON has no NaN or Infinity; whatever the serializer does, it must not emit them
    // as bare tokens that no JSON parser accepts.
    for (double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity()}) {
        const QByteArray out = CanonicalJson::formatNumber(v);
        QCOMPARE(out, QByteArray("null"));
        QJsonParseError error{};
        QJsonDocument::fromJson('[' + out + ']', &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }
}

QTEST_GUILESS_MAIN(CanonicalJsonTest)
#include "CanonicalJsonTest.moc"
