// DecisionPathValidator: field rules (each refusal names its field) and the list of
// what a draft still lacks before it may be activated.

#include <cmath>
#include <limits>

#include <QtTest>

#include "DecisionPathBuilder.h"
#include "DecisionPathValidator.h"

using gatehouse::DecisionPath;
using gatehouse::DecisionPathValidator;
using gatehouse::FieldIssue;
using gatehouse::SeverityTier;
using gatehouse::test::DecisionPathBuilder;

namespace {

QStringList fieldsOf(const QList<FieldIssue>& issues)
{
    QStringList fields;
    for (const auto& i : issues)
        fields << i.field;
    return fields;
}

/// Sets one field, named as in the JSON form, on \a p. List fields take all of \a values.
void setField(DecisionPath& p, const QString& field, const QStringList& values)
{
    const QString value = values.value(0);
    if (field == QLatin1String("id"))
        p.id = value;
    else if (field == QLatin1String("name"))
        p.name = value;
    else if (field == QLatin1String("description"))
        p.description = value;
    else if (field == QLatin1String("owner"))
        p.owner = value;
    else if (field == QLatin1String("team"))
        p.team = value;
    else if (field == QLatin1String("ai_component"))
        p.aiComponent = value;
    else if (field == QLatin1String("workload_id"))
        p.workloadId = value;
    else if (field == QLatin1String("action_types"))
        p.actionTypes = values;
    else if (field == QLatin1String("targets"))
        p.targets = values;
    else if (field == QLatin1String("environment"))
        p.environment = value;
    else if (field == QLatin1String("frameworks.owasp_agentic"))
        p.frameworks.owaspAgentic = values;
    else if (field == QLatin1String("frameworks.maestro_layers"))
        p.frameworks.maestroLayers = values;
    else if (field == QLatin1String("frameworks.nist_ai_rmf"))
        p.frameworks.nistAiRmf = values;
    else if (field == QLatin1String("frameworks.nist_csf"))
        p.frameworks.nistCsf = values;
    else
        qFatal("unknown field %s", qPrintable(field));
}

} // namespace

class DecisionPathValidatorTest : public QObject
{
    Q_OBJECT

private slots:
    void builderPathIsValid();
    void fieldRules_data();
    void fieldRules();
    void frameworkCodes_data();
    void frameworkCodes();
    void confidenceThreshold_data();
    void confidenceThreshold();
    void reportsEveryBrokenField();
    void activationBlockers_data();
    void activationBlockers();
    void emptyDraftIsWellFormedButBlocked();
    void joinIssuesFormat();
    void textThatCannotBeStoredOrDisplayedHonestly_data();
    void textThatCannotBeStoredOrDisplayedHonestly();
};

void DecisionPathValidatorTest::textThatCannotBeStoredOrDisplayedHonestly_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("lone high surrogate")
        << (QStringLiteral("x") + QChar(0xD800) + QStringLiteral("y")) << false;
    QTest::newRow("lone low surrogate") << (QStringLiteral("x") + QChar(0xDC00)) << false;
    QTest::newRow("right-to-left override")
        << (QStringLiteral("invoice") + QChar(0x202E) + QStringLiteral("fdp.exe")) << false;
    QTest::newRow("isolate") << (QChar(0x2066) + QStringLiteral("admin")) << false;
    QTest::newRow("emoji (valid pair)") << QStringLiteral("Refunds \U0001F4B8") << true;
    QTest::newRow("non-ASCII letters") << QStringLiteral("Zoë Ñ 東京 агент") << true;
}

void DecisionPathValidatorTest::textThatCannotBeStoredOrDisplayedHonestly()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    DecisionPath p = DecisionPathBuilder().build();
    p.name = name;
    p.description = name;
    const auto issues = DecisionPathValidator::validateFields(p);
    QStringList fields;
    for (const auto& i : issues)
        fields << i.field;
    QCOMPARE(fields.contains(QStringLiteral("name")), !valid);
    QCOMPARE(fields.contains(QStringLiteral("description")), !valid);
}

void DecisionPathValidatorTest::builderPathIsValid()
{
    const DecisionPath p = DecisionPathBuilder().build();
    QCOMPARE(fieldsOf(DecisionPathValidator::validateFields(p)), QStringList());
    QCOMPARE(fieldsOf(DecisionPathValidator::activationBlockers(p)), QStringList());
}

void DecisionPathValidatorTest::fieldRules_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<bool>("valid");

    auto row = [](const char* name, const char* field, const QStringList& values, bool valid) {
        QTest::newRow(name) << QString::fromLatin1(field) << values << valid;
    };
    auto one = [](const QString& v) { return QStringList{v}; };

    // id: a slug of lower-case letters, digits and single dashes, at most 64 characters.
    row("id simple", "id", one(QStringLiteral("soc-isolate-endpoint")), true);
    row("id one char", "id", one(QStringLiteral("a")), true);
    row("id digits", "id", one(QStringLiteral("p1-2fa")), true);
    row("id 64 chars", "id", one(QString(64, QLatin1Char('a'))), true);
    row("id 65 chars", "id", one(QString(65, QLatin1Char('a'))), false);
    row("id empty", "id", one(QString()), false);
    row("id upper case", "id", one(QStringLiteral("Soc-isolate")), false);
    row("id double dash", "id", one(QStringLiteral("soc--isolate")), false);
    row("id leading dash", "id", one(QStringLiteral("-soc")), false);
    row("id trailing dash", "id", one(QStringLiteral("soc-")), false);
    row("id underscore", "id", one(QStringLiteral("soc_isolate")), false);
    row("id space", "id", one(QStringLiteral("soc isolate")), false);
    row("id non-ASCII", "id", one(QStringLiteral("sœc")), false);

    row("name plain", "name", one(QStringLiteral("Отчёт агента №1")), true);
    row("name 200 chars", "name", one(QString(200, QLatin1Char('n'))), true);
    row("name empty", "name", one(QString()), false);
    row("name blank", "name", one(QStringLiteral("   ")), false);
    row("name 201 chars", "name", one(QString(201, QLatin1Char('n'))), false);
    row("name newline", "name", one(QStringLiteral("a\nb")), false);
    row("description 4000", "description", one(QString(4000, QLatin1Char('d'))), true);
    row("description 4001", "description", one(QString(4001, QLatin1Char('d'))), false);
    row("team control char", "team", one(QStringLiteral("sec") + QChar(0x07) + QStringLiteral("ops")), false);
    row("team 101 chars", "team", one(QString(101, QLatin1Char('t'))), false);
    row("ai component 201 chars", "ai_component", one(QString(201, QLatin1Char('c'))), false);

    row("owner unset", "owner", one(QString()), true);
    row("owner with dash", "owner", one(QStringLiteral("owner-secops")), true);
    row("owner upper case", "owner", one(QStringLiteral("Admin")), false);
    row("owner leading dot", "owner", one(QStringLiteral(".admin")), false);

    row("workload unset", "workload_id", one(QString()), true);
    row("workload valid", "workload_id", one(QStringLiteral("spiffe://corp.example/agents/triage")), true);
    row("workload bare trust domain", "workload_id", one(QStringLiteral("spiffe://corp.example")), false);
    row("workload http", "workload_id", one(QStringLiteral("https://corp.example/agents/triage")), false);

    // Action types: dotted, lower-case segments starting with a letter; no duplicates.
    row("actions none", "action_types", {}, true);
    row("actions several", "action_types",
        {QStringLiteral("iam.role.assign"), QStringLiteral("endpoint.isolate"),
         QStringLiteral("payment.approve")},
        true);
    row("action underscore and digits", "action_types", one(QStringLiteral("cloud_ops.vm2.stop")), true);
    row("action without dot", "action_types", one(QStringLiteral("isolate")), false);
    row("action upper case", "action_types", one(QStringLiteral("IAM.role.assign")), false);
    row("action leading dot", "action_types", one(QStringLiteral(".iam.role")), false);
    row("action trailing dot", "action_types", one(QStringLiteral("iam.role.")), false);
    row("action empty segment", "action_types", one(QStringLiteral("iam..role")), false);
    row("action segment starts with digit", "action_types", one(QStringLiteral("iam.2fa")), false);
    row("action with space", "action_types", one(QStringLiteral("iam.role assign")), false);
    row("action duplicate", "action_types",
        {QStringLiteral("iam.role.assign"), QStringLiteral("iam.role.assign")}, false);

    row("targets none", "targets", {}, true);
    row("target patterns", "targets",
        {QStringLiteral("edr:host/*"), QStringLiteral("arn:aws:iam::*:role/ops-*")}, true);
    row("target 512 chars", "targets", one(QString(512, QLatin1Char('t'))), true);
    row("target 513 chars", "targets", one(QString(513, QLatin1Char('t'))), false);
    row("target empty", "targets", one(QString()), false);
    row("target blank", "targets", one(QStringLiteral("  ")), false);
    row("target with space", "targets", one(QStringLiteral("host a")), false);
    row("target with tab", "targets", one(QStringLiteral("host\ta")), false);

    row("environment unset", "environment", one(QString()), true);
    row("environment production", "environment", one(QStringLiteral("production")), true);
    row("environment with dash and underscore", "environment", one(QStringLiteral("prod_eu-1")), true);
    row("environment 32 chars", "environment", one(QString(32, QLatin1Char('e'))), true);
    row("environment 33 chars", "environment", one(QString(33, QLatin1Char('e'))), false);
    row("environment upper case", "environment", one(QStringLiteral("Production")), false);
    row("environment leading dash", "environment", one(QStringLiteral("-prod")), false);
    row("environment space", "environment", one(QStringLiteral("prod eu")), false);
}

void DecisionPathValidatorTest::fieldRules()
{
    QFETCH(QString, field);
    QFETCH(QStringList, values);
    QFETCH(bool, valid);

    DecisionPath p = DecisionPathBuilder().build();
    setField(p, field, values);
    const QList<FieldIssue> issues = DecisionPathValidator::validateFields(p);
    if (valid) {
        QCOMPARE(fieldsOf(issues), QStringList());
    } else {
        QCOMPARE(fieldsOf(issues), QStringList{field});
        QVERIFY(!issues.first().message.isEmpty());
    }
}

void DecisionPathValidatorTest::frameworkCodes_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("valid");

    auto row = [](const char* field, const QString& code, bool valid) {
        const QString name = QString::fromLatin1(field) + QLatin1Char(' ') + code;
        QTest::newRow(qPrintable(name)) << QString::fromLatin1(field) << code << valid;
    };
    const char* owasp = "frameworks.owasp_agentic";
    row(owasp, QStringLiteral("ASI01"), true);
    row(owasp, QStringLiteral("ASI10"), true);
    row(owasp, QStringLiteral("ASI11"), false);
    row(owasp, QStringLiteral("ASI00"), false);
    row(owasp, QStringLiteral("ASI1"), false);
    row(owasp, QStringLiteral("asi01"), false);
    row(owasp, QStringLiteral("LLM01"), false);

    const char* maestro = "frameworks.maestro_layers";
    row(maestro, QStringLiteral("L1"), true);
    row(maestro, QStringLiteral("L7"), true);
    row(maestro, QStringLiteral("L8"), false);
    row(maestro, QStringLiteral("L0"), false);
    row(maestro, QStringLiteral("l3"), false);
    row(maestro, QStringLiteral("Layer 3"), false);

    const char* rmf = "frameworks.nist_ai_rmf";
    row(rmf, QStringLiteral("GOVERN 1.1"), true);
    row(rmf, QStringLiteral("MAP 2.3"), true);
    row(rmf, QStringLiteral("MEASURE 2.7"), true);
    row(rmf, QStringLiteral("MANAGE 4.1"), true);
    row(rmf, QStringLiteral("GOVERN"), false);
    row(rmf, QStringLiteral("GOVERN 1"), false);
    row(rmf, QStringLiteral("GOVERN1.1"), false);
    row(rmf, QStringLiteral("govern 1.1"), false);
    row(rmf, QStringLiteral("GOVERN 0.1"), false);
    row(rmf, QStringLiteral("MONITOR 1.1"), false);
    row(rmf, QStringLiteral("GV.OC"), false);

    const char* csf = "frameworks.nist_csf";
    row(csf, QStringLiteral("PR.AA"), true);
    row(csf, QStringLiteral("GV.OC"), true);
    row(csf, QStringLiteral("RC.CO"), true);
    row(csf, QStringLiteral("PR.XX"), false);
    row(csf, QStringLiteral("pr.aa"), false);
    row(csf, QStringLiteral("PR"), false);
    row(csf, QStringLiteral("PR.AA-01"), false);
    row(csf, QStringLiteral("PR.AC"), false); // CSF 1.1 category, gone in 2.0
}

void DecisionPathValidatorTest::frameworkCodes()
{
    QFETCH(QString, field);
    QFETCH(QString, code);
    QFETCH(bool, valid);

    DecisionPath p = DecisionPathBuilder().noFrameworks().build();
    setField(p, field, {code});
    const QList<FieldIssue> issues = DecisionPathValidator::validateFields(p);
    if (valid) {
        QCOMPARE(fieldsOf(issues), QStringList());
    } else {
        QCOMPARE(fieldsOf(issues), QStringList{field});
        QVERIFY2(issues.first().message.contains(code), qPrintable(issues.first().message));
    }
}

void DecisionPathValidatorTest::confidenceThreshold_data()
{
    QTest::addColumn<double>("threshold");
    QTest::addColumn<bool>("valid");

    QTest::newRow("0") << 0.0 << true;
    QTest::newRow("0.5") << 0.5 << true;
    QTest::newRow("1") << 1.0 << true;
    QTest::newRow("-0.01") << -0.01 << false;
    QTest::newRow("1.01") << 1.01 << false;
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << false;
    QTest::newRow("+inf") << std::numeric_limits<double>::infinity() << false;
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << false;
}

void DecisionPathValidatorTest::confidenceThreshold()
{
    QFETCH(double, threshold);
    QFETCH(bool, valid);

    DecisionPath p = DecisionPathBuilder().build();
    p.confidenceThreshold = threshold;
    const QStringList fields = fieldsOf(DecisionPathValidator::validateFields(p));
    QCOMPARE(fields, valid ? QStringList() : QStringList{QStringLiteral("confidence_threshold")});
}

void DecisionPathValidatorTest::reportsEveryBrokenField()
{
    // The editor shows one message per broken field, so nothing may stop at the first error.
    DecisionPath p = DecisionPathBuilder().build();
    p.id = QStringLiteral("Bad Id");
    p.workloadId = QStringLiteral("spiffe://corp.example");
    p.actionTypes = {QStringLiteral("isolate")};
    p.confidenceThreshold = 2.0;
    p.frameworks.maestroLayers = {QStringLiteral("L8")};
    const QStringList fields = fieldsOf(DecisionPathValidator::validateFields(p));
    QCOMPARE(fields, (QStringList{QStringLiteral("id"), QStringLiteral("workload_id"),
                                  QStringLiteral("action_types"), QStringLiteral("confidence_threshold"),
                                  QStringLiteral("frameworks.maestro_layers")}));
}

void DecisionPathValidatorTest::activationBlockers_data()
{
    QTest::addColumn<bool>("clearOwner");
    QTest::addColumn<bool>("clearTier");
    QTest::addColumn<bool>("clearActions");
    QTest::addColumn<bool>("clearWorkload");
    QTest::addColumn<bool>("clearFrameworks");
    QTest::addColumn<QStringList>("missing");

    QTest::newRow("complete") << false << false << false << false << false << QStringList();
    QTest::newRow("no owner") << true << false << false << false << false
                              << QStringList{QStringLiteral("owner")};
    QTest::newRow("no tier") << false << true << false << false << false
                             << QStringList{QStringLiteral("tier")};
    QTest::newRow("no action types") << false << false << true << false << false
                                     << QStringList{QStringLiteral("action_types")};
    QTest::newRow("no workload") << false << false << false << true << false
                                 << QStringList{QStringLiteral("workload_id")};
    QTest::newRow("no frameworks") << false << false << false << false << true
                                   << QStringList{QStringLiteral("frameworks")};
    QTest::newRow("owner and frameworks")
        << true << false << false << false << true
        << QStringList{QStringLiteral("owner"), QStringLiteral("frameworks")};
    QTest::newRow("everything") << true << true << true << true << true
                                << QStringList{QStringLiteral("owner"), QStringLiteral("tier"),
                                               QStringLiteral("action_types"), QStringLiteral("workload_id"),
                                               QStringLiteral("frameworks")};
}

void DecisionPathValidatorTest::activationBlockers()
{
    QFETCH(bool, clearOwner);
    QFETCH(bool, clearTier);
    QFETCH(bool, clearActions);
    QFETCH(bool, clearWorkload);
    QFETCH(bool, clearFrameworks);
    QFETCH(QStringList, missing);

    DecisionPathBuilder b;
    if (clearOwner)
        b.owner(QString());
    if (clearTier)
        b.tier(std::nullopt);
    if (clearActions)
        b.actions({});
    if (clearWorkload)
        b.workload(QString());
    if (clearFrameworks)
        b.noFrameworks();
    const DecisionPath p = b.build();

    const QList<FieldIssue> blockers = DecisionPathValidator::activationBlockers(p);
    QCOMPARE(fieldsOf(blockers), missing);
    for (const auto& issue : blockers)
        QVERIFY2(!issue.message.isEmpty(), qPrintable(issue.field));
    // Leaving a field unset is not a malformed field: a draft may be incomplete.
    QCOMPARE(fieldsOf(DecisionPathValidator::validateFields(p)), QStringList());
}

void DecisionPathValidatorTest::emptyDraftIsWellFormedButBlocked()
{
    DecisionPath draft;
    draft.id = QStringLiteral("new-path");
    draft.name = QStringLiteral("New path");
    QCOMPARE(fieldsOf(DecisionPathValidator::validateFields(draft)), QStringList());

    // One framework of any kind is a mapping.
    draft.frameworks.nistAiRmf = {QStringLiteral("GOVERN 1.1")};
    draft.tier = SeverityTier::T0;
    QCOMPARE(fieldsOf(DecisionPathValidator::activationBlockers(draft)),
             (QStringList{QStringLiteral("owner"), QStringLiteral("action_types"),
                          QStringLiteral("workload_id")}));
}

void DecisionPathValidatorTest::joinIssuesFormat()
{
    const QList<FieldIssue> issues{{QStringLiteral("owner"), QStringLiteral("an accountable owner")},
                                   {QStringLiteral("tier"), QStringLiteral("a severity tier")}};
    QCOMPARE(gatehouse::joinIssues(issues),
             QStringLiteral("owner: an accountable owner; tier: a severity tier"));
    QCOMPARE(gatehouse::joinIssues({}), QString());
}

QTEST_GUILESS_MAIN(DecisionPathValidatorTest)
#include "DecisionPathValidatorTest.moc"
