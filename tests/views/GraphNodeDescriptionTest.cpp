#include <QJsonArray>
#include <QTest>

#include "AwsAuthorizationImporter.h"
#include "GraphNodeDescription.h"

using namespace gatehouse;

/// What the graph page says about a node: the per-principal views the AWS importer makes,
/// boundaries, rewriters and omitted escalation edges, all escaped.
class GraphNodeDescriptionTest : public QObject
{
    Q_OBJECT

private slots:
    void effectiveViewSaysWhatWasTaken();
    void boundaryRewritersAndAdmins();
    void valuesAreEscaped();
};

namespace {

PermissionGraph importFixture(const char* name)
{
    QFile f(qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") + QStringLiteral("/tests/data/graph/") +
            QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto g = AwsAuthorizationImporter(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC))
                 .import(f.readAll(), QString::fromLatin1(name));
    return g ? PermissionGraph::fromImported(*g) : PermissionGraph{};
}

QString describe(const PermissionGraph& g, const QString& id)
{
    const auto i = g.indexOf(id);
    return i ? GraphNodeDescription::html(g.node(*i), g.outEdges(*i).size(), g.inEdges(*i).size())
             : QString();
}

} // namespace

void GraphNodeDescriptionTest::effectiveViewSaysWhatWasTaken()
{
    const PermissionGraph g = importFixture("deny-narrows-grants.json");
    const QString u = QStringLiteral("arn:aws:iam::111122223333:user/U");
    const QString html = describe(g, u + QStringLiteral("#inline/UAllow#for:") + u);
    QVERIFY2(html.contains(QStringLiteral("As it applies to <code>%1</code>").arg(u)), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("the shared node is <code>%1#inline/UAllow</code>").arg(u)));
    QVERIFY2(html.contains(
                 QStringLiteral("1 permission(s) removed (0 outside the permissions boundary), 1 possibly "
                                "denied, 1 narrowed")),
             qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("Removed: <code>s3:* on *</code>")));
    QVERIFY(html.contains(QStringLiteral("2 outgoing, 1 incoming edges")));
    // The shared group is not a view and says nothing of the kind.
    QVERIFY(!describe(g, QStringLiteral("arn:aws:iam::111122223333:group/G"))
                 .contains(QStringLiteral("As it applies")));
}

void GraphNodeDescriptionTest::boundaryRewritersAndAdmins()
{
    const PermissionGraph g = importFixture("permissions-boundary.json");
    QVERIFY(describe(g, QStringLiteral("arn:aws:iam::111122223333:role/Bounded"))
                .contains(QStringLiteral(
                    "Permissions boundary: <code>arn:aws:iam::111122223333:policy/DevBoundary</code>")));
    const QString admin = describe(g, QStringLiteral("arn:aws:iam::111122223333:role/Unbounded"));
    QVERIFY(admin.contains(QStringLiteral("Tier Zero")));
    QVERIFY2(admin.contains(QStringLiteral("none are drawn from it")), qPrintable(admin));

    const PermissionGraph r = importFixture("attach-role-policy.json");
    const QString target = describe(r, QStringLiteral("arn:aws:iam::111122223333:role/Admin"));
    QVERIFY2(target.contains(QStringLiteral(
                 "Grants can be rewritten by <code>arn:aws:iam::111122223333:user/dev</code>")),
             qPrintable(target));
}

void GraphNodeDescriptionTest::valuesAreEscaped()
{
    PermissionGraph g;
    g.addNode(
        GraphNode{QStringLiteral("<b>x</b>"), GraphNodeKind::Role, QStringLiteral("<img src=y>"), true,
                  QJsonObject{{QStringLiteral("tier_zero_reason"), QStringLiteral("<script>")},
                              {QStringLiteral("grants_rewritable_by"), QJsonArray{QStringLiteral("a&b")}}}});
    g.finalize();
    const QString html = describe(g, QStringLiteral("<b>x</b>"));
    QVERIFY(html.contains(QStringLiteral("&lt;b&gt;x&lt;/b&gt;")));
    QVERIFY(html.contains(QStringLiteral("&lt;img src=y&gt;")));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;")));
    QVERIFY(html.contains(QStringLiteral("a&amp;b")));
    QVERIFY(!html.contains(QStringLiteral("<script>")));
}

QTEST_MAIN(GraphNodeDescriptionTest)
#include "GraphNodeDescriptionTest.moc"
