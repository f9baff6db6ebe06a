#pragma once

#include <memory>

#include <QByteArray>
#include <QJsonObject>
#include <QMap>

#include "AuditLedger.h"
#include "Clock.h"
#include "Database.h"
#include "Error.h"
#include "OperatorSession.h"
#include "PermissionGraph.h"
#include "PermissionGraphRepository.h"
#include "WriteTransaction.h"

namespace gatehouse {

/// Options of PermissionGraphService::importGraph.
struct GraphImportOptions
{
    /// Store an import that found no node at all. Without it such an import (an empty file,
    /// the wrong importer for the file) is refused and the previous graph is kept.
    bool allowEmpty = false;
};

/// What one import stored and what it changed.
struct GraphImportResult
{
    GraphSourceRecord source;
    bool replaced = false; ///< a source of that name existed and was replaced
    QStringList warnings;
    GraphImportDiff diff; ///< findings that appeared / disappeared (see PermissionGraphService)
};

struct GraphStats
{
    QList<GraphSourceRecord> sources;
    qsizetype nodes = 0; ///< after merging ids shared by sources, including AI path nodes
    qsizetype edges = 0;
    QMap<QString, qsizetype> nodesByKind; ///< graphNodeKindName -> count
    QMap<QString, qsizetype> edgesByKind; ///< graphEdgeKindName -> count
    qsizetype tierZero = 0;
    qsizetype conditionalEdges = 0;
    qsizetype escalationEdges = 0;
    qsizetype identitiesReachingTierZero = 0; ///< identities, not Tier Zero themselves, with a path into it
};

/// A path query. JSON form (saved queries, CLI): {"from": [ids], "to": [ids],
/// "to_tier_zero": bool, "to_sensitive": bool, "max_hops": n, "k": n}; no other field.
/// Targets are the union of "to", Tier Zero (to_tier_zero) and the sensitive nodes
/// (to_sensitive); the flags are resolved when the query runs, so a saved query follows the
/// graph as it changes.
///
/// Limits (the same for `graph paths`, saved queries and their import): 1..kMaxIds start ids
/// and at most kMaxIds target ids, each 1..kMaxIdLength characters; at least one target (a
/// non-empty "to", to_tier_zero or to_sensitive); max_hops 0..kMaxHops (0 = unlimited);
/// k 1..kMaxK.
struct GraphPathQuery
{
    static constexpr int kMaxK = 50;
    static constexpr int kMaxHops = 1000;
    static constexpr qsizetype kMaxIds = 1000;
    static constexpr qsizetype kMaxIdLength = 4096; ///< characters (UTF-16 code units)

    QStringList from;
    QStringList to;
    bool toTierZero = false;  ///< every Tier Zero node of the graph at run time
    bool toSensitive = false; ///< Tier Zero, every zone member, nodes with attributes.sensitive = true
    int maxHops = 0;          ///< 0 = unlimited, else at most this many edges (1..kMaxHops)
    int k = 1;                ///< alternatives (Yen), 1..kMaxK

    QJsonObject toJson() const;
    /// Strict: InvalidInput naming the field for an unknown field, a wrong JSON type ("k":"5"),
    /// a number that is not a whole number in range ("k":1e10, "max_hops":100000) and every
    /// rule of validate(). Never falls back to a default for a field that is present.
    [[nodiscard]] static Result<GraphPathQuery> fromJson(const QJsonObject& o);
    /// The limits above; InvalidInput naming the field ("from", "to", "k", "max_hops").
    [[nodiscard]] Status validate() const;
    /// True when the query names at least one target (ids, Tier Zero or sensitive).
    bool hasTargets() const { return !to.isEmpty() || toTierZero || toSensitive; }
};

/// One hop of a found path, with what explains it.
struct GraphPathHop
{
    GraphEdge edge;
    QString fromLabel;
    QString toLabel;
    GraphNodeKind toKind = GraphNodeKind::Principal;
    bool toTierZero = false;
};

struct GraphFoundPath
{
    QString start;
    QString end;
    QList<GraphPathHop> hops; ///< empty: the start is itself a target
    bool conditional = false; ///< some hop is conditional
};

struct GraphBlastRadius
{
    QMap<QString, qsizetype> byKind; ///< reachable nodes by kind, starts excluded
    qsizetype total = 0;
    qsizetype tierZero = 0;
};

/// What a decision path's identities can reach beyond what the path declares.
struct GraphAmplification
{
    QString pathId;
    QStringList declaredIdentities;    ///< runs_as
    QStringList undeclaredIdentities;  ///< reachable identities not in runs_as (capped at 200)
    QStringList tierZero;              ///< reachable Tier Zero nodes (capped at 200)
    QStringList undeclaredPermissions; ///< permissions outside the declared action types' services (capped)
    QStringList undeclaredResources;   ///< resources matching no declared target pattern (capped)
    qsizetype undeclaredIdentityCount = 0, tierZeroCount = 0, undeclaredPermissionCount = 0,
              undeclaredResourceCount = 0;
};

/// What adding some edges would do: identities that would newly reach Tier Zero.
struct GraphHypotheticalImpact
{
    qsizetype newIdentitiesReachingTierZero = 0;
    QStringList identities; ///< capped at 200
};

/// The permission graph: import (format-agnostic), queries, zones, saved queries, export.
///
/// Permissions (Authorization): admins and owners import graphs and add saved queries
/// (owners answer for the permissions behind their paths); a source that exists is replaced
/// only by an admin or by the operator who imported it; admins define and remove privilege
/// zones; every signed-in operator with a role reads (stats, paths, blast radius, export).
///
/// Import: one WriteTransaction replaces the nodes and edges of the source with the same
/// name, stores the diff and appends "graph.imported" to the ledger; any failure rolls it
/// all back and the previous graph stays as it was.
///
/// Findings (for change detection and zones): "tier_zero|<id>" for every identity node that
/// is not Tier Zero but has a path into it; "zone:<name>|<id>" for every identity node whose
/// own rank is below the zone's (nodes in no zone rank lowest, AI paths included) and that
/// has a path into the zone. A diff lists findings that appeared and disappeared.
///
/// The catalogue joins the graph when it is loaded: each non-retired decision path becomes
/// "path:<id>" (ai_path) with a runs_as edge to every identity it declares.
class PermissionGraphService
{
public:
    PermissionGraphService(Database& db, AuditLedger& ledger, const Clock& clock);

    static constexpr qsizetype kMaxQueryNameLength = 200;         ///< characters
    static constexpr qsizetype kMaxQueryDescriptionLength = 2000; ///< characters
    static constexpr qsizetype kMaxQueryImportBytes = 4 * 1024 * 1024;
    static constexpr qsizetype kMaxZoneNameLength = 100;      ///< characters
    static constexpr qsizetype kMaxZoneSelectors = 100;       ///< selectors per zone
    static constexpr qsizetype kMaxSelectorTextLength = 1000; ///< characters per selector value
    static constexpr int kMinZoneRank = 1;
    static constexpr int kMaxZoneRank = 1000;

    /// What saveQuery does when a query of that name exists.
    enum class IfQueryExists
    {
        Replace, ///< overwrite it (the console's edit)
        Refuse,  ///< Conflict naming it (`graph save-query` without --replace)
    };

    using ImportOptions = GraphImportOptions;

    /// \a sha256: hex digest of the file the graph was read from. Errors:
    /// - InvalidInput for an empty source name, or for an import without nodes unless
    ///   \a options.allowEmpty (nothing is stored; the source keeps its previous graph);
    /// - Conflict when the name belongs to a source of another kind (an AWS file cannot
    ///   replace a Kubernetes source: kinds never change under a name);
    /// - PermissionDenied unless admin or owner, and for an owner replacing a source that
    ///   someone else imported (only admins and the operator who imported a source replace it);
    /// - StorageFailure.
    [[nodiscard]] Result<GraphImportResult> importGraph(const OperatorSession& actor,
                                                        const ImportedGraph& graph, const QString& sha256,
                                                        const ImportOptions& options = {});

    /// The whole graph (all sources merged, plus the catalogue), finalized.
    [[nodiscard]] Result<std::shared_ptr<const PermissionGraph>> graph(const OperatorSession& actor) const;
    [[nodiscard]] Result<GraphStats> stats(const OperatorSession& actor) const;
    /// NotFound naming an unknown start or target id; InvalidInput for a query without
    /// targets or k outside 1..50.
    [[nodiscard]] Result<QList<GraphFoundPath>> paths(const OperatorSession& actor,
                                                      const GraphPathQuery& query) const;
    [[nodiscard]] Result<GraphBlastRadius> blastRadius(const OperatorSession& actor, const QStringList& from,
                                                       int maxHops) const;
    [[nodiscard]] Result<GraphAmplification> amplification(const OperatorSession& actor,
                                                           const QString& pathId) const;
    /// Current findings (sorted).
    [[nodiscard]] Result<QStringList> findings(const OperatorSession& actor) const;
    /// Edges between existing or new ids; nothing is stored.
    [[nodiscard]] Result<GraphHypotheticalImpact> whatIf(const OperatorSession& actor,
                                                         const QList<GraphEdge>& added) const;
    /// "dot" (Graphviz) or "graphml" (GraphML 1.0, XML 1.0); InvalidInput for another format.
    /// Node ids are written exactly whenever the format can carry them, so a reader (libcgraph,
    /// networkx) gets the same ids back. Where it cannot (XML 1.0 forbids most control
    /// characters; a DOT quoted string cannot hold NUL or an odd run of backslashes before a
    /// quote, a line feed or its end; neither holds an unpaired surrogate), the id is escaped
    /// reversibly, "\\" for a backslash and \xHH or \uHHHH for such a character, and its node
    /// is marked id_escaped = true; an id that would clash with an escaped one is escaped too.
    /// Labels and explanations use the same escape where needed, unmarked.
    [[nodiscard]] Result<QByteArray> exportGraph(const OperatorSession& actor, const QString& format) const;
    [[nodiscard]] Result<QList<GraphImportDiff>> diffs(const OperatorSession& actor, int limit) const;

    [[nodiscard]] Result<QList<GraphSavedQuery>> savedQueries(const OperatorSession& actor) const;
    /// Stores \a query (savedBy and savedAt are set here); with IfQueryExists::Replace (the
    /// default) a query of the same name is overwritten, with Refuse that is a Conflict.
    /// InvalidInput per validateSavedQuery; PermissionDenied unless admin or owner. Ledgered
    /// graph.query_saved.
    [[nodiscard]] Status saveQuery(const OperatorSession& actor, const GraphSavedQuery& query,
                                   IfQueryExists ifExists = IfQueryExists::Replace);
    /// NotFound for an unknown name. Ledgered graph.query_removed.
    [[nodiscard]] Status removeQuery(const OperatorSession& actor, const QString& name);
    /// {"queries": [{"name", "description", "query"}]}
    [[nodiscard]] Result<QByteArray> exportQueries(const OperatorSession& actor) const;
    /// Inverse of exportQueries, in one transaction: all or none. InvalidInput naming the
    /// entry and field ("queries[1] \"name\": field \"k\" ...") for a file over
    /// kMaxQueryImportBytes, malformed JSON or another shape, an entry that fails
    /// validateSavedQuery, an unknown entry field, or a name given twice in the file. Queries
    /// whose name is already saved are replaced. Returns how many were stored.
    [[nodiscard]] Result<int> importQueries(const OperatorSession& actor, const QByteArray& json);
    /// The one validation of a saved query (saveQuery, importQueries, the CLI): name of
    /// 1..kMaxQueryNameLength characters, not blank, without control, format or unpaired
    /// surrogate characters; description of at most kMaxQueryDescriptionLength characters;
    /// the query per GraphPathQuery::fromJson. InvalidInput naming the field.
    [[nodiscard]] static Status validateSavedQuery(const GraphSavedQuery& query);

    [[nodiscard]] Result<QList<GraphZone>> zones(const OperatorSession& actor) const;
    /// Inserts or replaces by name. InvalidInput per validateZone; PermissionDenied unless
    /// admin. Ledgered graph.zone_saved.
    [[nodiscard]] Status saveZone(const OperatorSession& actor, const GraphZone& zone);
    /// Removes the zone \a name: NotFound if there is none; PermissionDenied unless admin.
    /// Ledgered graph.zone_removed.
    [[nodiscard]] Status removeZone(const OperatorSession& actor, const QString& name);
    /// Name of 1..kMaxZoneNameLength characters, not blank, without "|" (it separates the
    /// parts of a finding) or control characters; rank kMinZoneRank..kMaxZoneRank; 1 to
    /// kMaxZoneSelectors selectors, each valid per validateSelector. InvalidInput naming the
    /// selector by its 1-based position and the key ("selector 2: unknown key \"Id\" ...").
    [[nodiscard]] static Status validateZone(const GraphZone& zone);
    /// A selector is a JSON object of at least one of the keys "id" (glob on the node id),
    /// "kind" (a graphNodeKindName), "attribute" (an attribute name) and "value" (glob on that
    /// attribute, only with "attribute"); values are non-empty strings of at most
    /// kMaxSelectorTextLength characters; no other key. InvalidInput naming the key.
    [[nodiscard]] static Status validateSelector(const QJsonObject& selector);

    /// Findings of \a graph under \a zones (exposed for tests and the bench).
    static QStringList findingsOf(const PermissionGraph& graph, const QList<GraphZone>& zones);
    /// True when \a node matches every key of \a selector ({"id","kind","attribute","value"}
    /// globs). A selector that validateSelector refuses (empty, an unknown key, a wrong type;
    /// rows stored before zones were validated) matches nothing, never everything.
    static bool selectorMatches(const QJsonObject& selector, const PermissionGraph::Node& node);

private:
    [[nodiscard]] Result<PermissionGraph> load() const;
    /// One cheap query naming what the graph is built from (sources and catalogue versions).
    [[nodiscard]] Result<QString> generation() const;
    [[nodiscard]] Status requireImporter(const OperatorSession& current) const;
    /// Stores \a query for \a session and ledgers it, inside the caller's transaction.
    [[nodiscard]] Status storeQuery(const OperatorSession& session, GraphSavedQuery query,
                                    IfQueryExists ifExists);

    Database& m_db;
    AuditLedger& m_ledger;
    const Clock& m_clock;
    /// The last graph built, reused while generation() is unchanged: the console asks for it
    /// on every selection (catalogue detail, review pane), several queries at a time.
    mutable std::shared_ptr<const PermissionGraph> m_cached;
    mutable QString m_cachedGeneration;
};

} // namespace gatehouse
