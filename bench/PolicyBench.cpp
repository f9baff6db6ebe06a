// Policy evaluation benchmark: p50/p99 microseconds per decision for 10, 100 and 1,000
// synthetic but realistic rules (action-type families with exact and prefix patterns,
// path ids, tiers, environments, target patterns, confidence and risk bounds, sensitivity,
// triggers), evaluated by the compiled policy (CompiledPolicy) on the same requests.
//
//   bench_policy [--requests N] [--export DIR]
//
// --export DIR writes, per rule count, rules-<n>.cedar (the same rule set in Cedar:
// confidence in per mille, patterns with `like`) and requests-<n>.json, which
// bench/cedar/bench.mjs times with @cedar-policy/cedar-wasm (bench/run-policy-bench.sh).

#include <algorithm>
#include <random>
#include <vector>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "DecisionPath.h"
#include "PolicyEvaluator.h"
#include "PolicyJson.h"

using namespace gatehouse;

namespace {

struct BenchRequest
{
    ActionRequest request;
    DecisionPath path;
    QStringList triggers;
};

const QStringList kOutcomes{QStringLiteral("allow"), QStringLiteral("allow_sampled"),
                            QStringLiteral("review"), QStringLiteral("deny")};
const QStringList kTriggers{QStringLiteral("novel_action"), QStringLiteral("unusual_destination"),
                            QStringLiteral("identity_state_change"), QStringLiteral("low_confidence")};

int families(int rules)
{
    return std::max(5, rules / 8);
}

/// Rule i of n, as JSON (Gatehouse) and as Cedar text.
std::pair<QJsonObject, QString> makeRule(int i, int n, std::mt19937& rng)
{
    const int f = i % families(n);
    const QString id = QStringLiteral("r%1").arg(i);
    QJsonObject when;
    QStringList cedar;
    const bool prefix = (i / families(n)) % 2 == 0;
    const QString action =
        prefix ? QStringLiteral("svc%1.*").arg(f) : QStringLiteral("svc%1.op%2").arg(f).arg(i % 4);
    when.insert(QStringLiteral("action_types"), QJsonArray{action});
    cedar << QStringLiteral("context.action_type like \"%1\"").arg(action);
    when.insert(QStringLiteral("environments"), QJsonArray{QStringLiteral("production")});
    cedar << QStringLiteral("context.environment == \"production\"");
    const int tierLo = static_cast<int>(rng() % 3);
    when.insert(QStringLiteral("tiers"),
                QJsonArray{QStringLiteral("T%1").arg(tierLo), QStringLiteral("T%1").arg(tierLo + 1)});
    cedar << QStringLiteral("(context.tier == %1 || context.tier == %2)").arg(tierLo).arg(tierLo + 1);
    const int confMin = 500 + static_cast<int>(rng() % 450);
    when.insert(QStringLiteral("confidence"), QJsonObject{{QStringLiteral("min"), confMin / 1000.0}});
    cedar << QStringLiteral("context.confidence_pm >= %1").arg(confMin);
    if (i % 3 == 0) {
        const int riskMax = 30 + static_cast<int>(rng() % 70);
        when.insert(QStringLiteral("risk_score"), QJsonObject{{QStringLiteral("max"), riskMax}});
        cedar << QStringLiteral("context.risk_score <= %1").arg(riskMax);
    }
    if (i % 4 == 1) {
        when.insert(QStringLiteral("targets"), QJsonArray{QStringLiteral("sys%1:res/*").arg(f)});
        cedar << QStringLiteral("context.target like \"sys%1:res/*\"").arg(f);
    }
    if (i % 5 == 2) {
        when.insert(QStringLiteral("target_sensitivity"),
                    QJsonObject{{QStringLiteral("min"), QStringLiteral("confidential")}});
        cedar << QStringLiteral("context.sensitivity >= 2");
    }
    if (i % 6 == 3) {
        const QString t = kTriggers[i % kTriggers.size()];
        when.insert(QStringLiteral("triggers"), QJsonObject{{QStringLiteral("any"), QJsonArray{t}}});
        cedar << QStringLiteral("context.triggers.contains(\"%1\")").arg(t);
    }
    const QString outcome = kOutcomes[static_cast<int>(rng() % kOutcomes.size())];
    QJsonObject then{{QStringLiteral("outcome"), outcome}};
    if (outcome == QStringLiteral("allow_sampled"))
        then.insert(QStringLiteral("sample_rate"), 0.1);
    if (outcome == QStringLiteral("deny"))
        then.insert(QStringLiteral("reason"), QStringLiteral("synthetic"));
    const QString effect =
        outcome == QStringLiteral("deny") ? QStringLiteral("forbid") : QStringLiteral("permit");
    const QString text =
        QStringLiteral("@id(\"%1\")\n@outcome(\"%2\")\n%3 (principal, action, resource)\nwhen { %4 };\n")
            .arg(id, outcome, effect, cedar.join(QStringLiteral(" && ")));
    return {QJsonObject{
                {QStringLiteral("id"), id}, {QStringLiteral("when"), when}, {QStringLiteral("then"), then}},
            text};
}

std::vector<BenchRequest> makeRequests(int count, int n, std::mt19937& rng)
{
    std::vector<BenchRequest> out;
    out.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        BenchRequest b;
        const int f = static_cast<int>(rng() % static_cast<unsigned>(families(n)));
        b.path.id = QStringLiteral("path-%1").arg(f);
        b.path.tier = static_cast<SeverityTier>(rng() % 4);
        b.path.confidenceThreshold = 0.8;
        b.request.pathId = b.path.id;
        b.request.actionType = QStringLiteral("svc%1.op%2").arg(f).arg(rng() % 4);
        b.request.target = QStringLiteral("sys%1:res/item-%2").arg(rng() % 2 ? f : f + 1).arg(i);
        b.request.confidence = static_cast<int>(rng() % 1001) / 1000.0;
        b.request.riskScore = static_cast<int>(rng() % 101);
        b.request.targetSensitivity = static_cast<TargetSensitivity>(rng() % 4);
        b.request.environment = rng() % 5 ? QStringLiteral("production") : QStringLiteral("staging");
        for (const auto& t : kTriggers) {
            if (rng() % 4 == 0)
                b.triggers << t;
        }
        out.push_back(std::move(b));
    }
    return out;
}

QJsonObject cedarContext(const BenchRequest& b)
{
    return QJsonObject{{QStringLiteral("action_type"), b.request.actionType},
                       {QStringLiteral("environment"), b.request.environment},
                       {QStringLiteral("tier"), static_cast<int>(*b.path.tier)},
                       {QStringLiteral("confidence_pm"), qRound(b.request.confidence * 1000)},
                       {QStringLiteral("risk_score"), b.request.riskScore},
                       {QStringLiteral("target"), b.request.target},
                       {QStringLiteral("sensitivity"), static_cast<int>(b.request.targetSensitivity)},
                       {QStringLiteral("triggers"), QJsonArray::fromStringList(b.triggers)}};
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    const size_t idx = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
    return v[idx];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    int requests = 20000;
    QString exportDir;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--requests"))
            requests = args[i + 1].toInt();
        if (args[i] == QStringLiteral("--export"))
            exportDir = args[i + 1];
    }
    QTextStream out(stdout);
    out << "policy evaluation (CompiledPolicy::evaluate, explanations included), " << requests
        << " requests\n";
    out << "rules   p50_us   p99_us   mean_us   matched/request\n";
    for (int n : {10, 100, 1000}) {
        std::mt19937 rng(42u + static_cast<unsigned>(n));
        QJsonArray rules;
        QString cedar;
        for (int i = 0; i < n; ++i) {
            auto [json, text] = makeRule(i, n, rng);
            rules.append(json);
            cedar += text + QLatin1Char('\n');
        }
        const QJsonObject doc{{QStringLiteral("version"), QStringLiteral("bench-%1").arg(n)},
                              {QStringLiteral("rules"), rules}};
        PolicyParseResult parsed = PolicyJson::parse(QJsonDocument(doc).toJson());
        if (!parsed.policy) {
            out << "synthetic policy invalid: " << parsed.issues.first().toString() << '\n';
            return 1;
        }
        const CompiledPolicy compiled(*parsed.policy, QStringLiteral("bench"));
        const std::vector<BenchRequest> reqs = makeRequests(requests, n, rng);
        std::vector<double> micros;
        micros.reserve(reqs.size());
        qint64 matched = 0;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (int warm = 0; warm < 2; ++warm) {
            micros.clear();
            matched = 0;
            for (const auto& b : reqs) {
                QElapsedTimer t;
                t.start();
                auto d = compiled.evaluate(PolicyInput{b.request, b.path, b.triggers, now}, t,
                                           std::numeric_limits<qint64>::max());
                micros.push_back(static_cast<double>(t.nsecsElapsed()) / 1000.0);
                matched += d ? d->matchedRules.size() : 0;
            }
        }
        double mean = 0;
        for (double m : micros)
            mean += m;
        mean /= static_cast<double>(micros.size());
        out << QString::number(n).leftJustified(8)
            << QString::number(percentile(micros, 0.50), 'f', 2).leftJustified(9)
            << QString::number(percentile(micros, 0.99), 'f', 2).leftJustified(9)
            << QString::number(mean, 'f', 2).leftJustified(10)
            << QString::number(static_cast<double>(matched) / static_cast<double>(reqs.size()), 'f', 2)
            << '\n';
        out.flush();

        if (!exportDir.isEmpty()) {
            QDir().mkpath(exportDir);
            QFile c(QDir(exportDir).filePath(QStringLiteral("rules-%1.cedar").arg(n)));
            if (c.open(QIODevice::WriteOnly))
                c.write(cedar.toUtf8());
            QJsonArray contexts;
            for (const auto& b : reqs)
                contexts.append(cedarContext(b));
            QFile r(QDir(exportDir).filePath(QStringLiteral("requests-%1.json").arg(n)));
            if (r.open(QIODevice::WriteOnly))
                r.write(QJsonDocument(contexts).toJson(QJsonDocument::Compact));
        }
    }
    return 0;
}
