#include "Migrations.h"

namespace gatehouse {

const QList<Migration>& Migrations::all()
{
    static const QList<Migration> kMigrations = {
        {1,
         QStringLiteral("accounts, decision-path catalogue, settings and the append-only audit ledger"),
         {
             QStringLiteral("CREATE TABLE workspace_settings ("
                            " key TEXT PRIMARY KEY,"
                            " value TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE operator_accounts ("
                            " username TEXT PRIMARY KEY,"
                            " display_name TEXT NOT NULL,"
                            " roles INTEGER NOT NULL CHECK (roles BETWEEN 0 AND 15),"
                            " password_hash TEXT NOT NULL,"
                            " disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
                            " failed_attempts INTEGER NOT NULL DEFAULT 0,"
                            " locked_until TEXT,"
                            " created_at TEXT NOT NULL)"),
             QStringLiteral(
                 "CREATE TABLE decision_paths ("
                 " id TEXT PRIMARY KEY,"
                 " name TEXT NOT NULL,"
                 " description TEXT NOT NULL DEFAULT '',"
                 " owner TEXT REFERENCES operator_accounts(username),"
                 " team TEXT NOT NULL DEFAULT '',"
                 " ai_component TEXT NOT NULL DEFAULT '',"
                 " workload_id TEXT NOT NULL DEFAULT '',"
                 " action_types TEXT NOT NULL DEFAULT '[]',"
                 " targets TEXT NOT NULL DEFAULT '[]',"
                 " environment TEXT NOT NULL DEFAULT '',"
                 " tier INTEGER CHECK (tier BETWEEN 0 AND 3),"
                 " reversibility INTEGER NOT NULL CHECK (reversibility BETWEEN 0 AND 2),"
                 " confidence_threshold REAL NOT NULL CHECK (confidence_threshold BETWEEN 0 AND 1),"
                 " frameworks TEXT NOT NULL DEFAULT '{}',"
                 " status TEXT NOT NULL CHECK (status IN ('draft','active','suspended','retired')),"
                 " next_review_date TEXT,"
                 " created_at TEXT NOT NULL,"
                 " updated_at TEXT NOT NULL,"
                 " version INTEGER NOT NULL)"),
             // A workload identity belongs to at most one active path; the service gives
             // the friendly message, the index makes it true even for concurrent writers.
             QStringLiteral("CREATE UNIQUE INDEX decision_paths_active_workload"
                            " ON decision_paths(workload_id) WHERE status = 'active'"),
             QStringLiteral("CREATE INDEX decision_paths_owner ON decision_paths(owner)"),
             QStringLiteral("CREATE TABLE audit_ledger ("
                            " seq INTEGER PRIMARY KEY,"
                            " ts TEXT NOT NULL,"
                            " type TEXT NOT NULL,"
                            " actor TEXT NOT NULL,"
                            " subject TEXT NOT NULL,"
                            " correlation_id TEXT NOT NULL,"
                            " payload TEXT NOT NULL,"
                            " prev_hash BLOB NOT NULL,"
                            " hash BLOB NOT NULL)"),
             QStringLiteral("CREATE INDEX audit_ledger_subject ON audit_ledger(subject)"),
             QStringLiteral("CREATE TRIGGER audit_ledger_no_update BEFORE UPDATE ON audit_ledger"
                            " BEGIN SELECT RAISE(ABORT, 'audit_ledger is append-only'); END"),
             QStringLiteral("CREATE TRIGGER audit_ledger_no_delete BEFORE DELETE ON audit_ledger"
                            " BEGIN SELECT RAISE(ABORT, 'audit_ledger is append-only'); END"),
             // Appends continue the sequence: no event slipped in between, none replaced by
             // INSERT OR REPLACE (which would not fire the delete trigger).
             QStringLiteral(
                 "CREATE TRIGGER audit_ledger_append_in_order BEFORE INSERT ON audit_ledger"
                 " WHEN NEW.seq <> (SELECT IFNULL(MAX(seq), 0) + 1 FROM audit_ledger)"
                 " BEGIN SELECT RAISE(ABORT, 'audit_ledger appends must continue the sequence'); END"),
         }},
        {2,
         QStringLiteral("action requests received through the intake gateway, with their decisions"),
         {
             QStringLiteral(
                 "CREATE TABLE action_requests ("
                 " id TEXT PRIMARY KEY,"
                 " path_id TEXT NOT NULL REFERENCES decision_paths(id),"
                 " workload_id TEXT NOT NULL,"
                 " action_type TEXT NOT NULL,"
                 " target TEXT NOT NULL,"
                 " target_kind TEXT NOT NULL,"
                 " body TEXT NOT NULL,"
                 " body_sha256 TEXT NOT NULL,"
                 " idempotency_key TEXT,"
                 " status TEXT NOT NULL CHECK (status IN ('allowed','pending_review','approved','rejected',"
                 "'expired','denied','executed','failed','revoked')),"
                 " outcome TEXT NOT NULL CHECK (outcome IN ('allow','allow_sampled','review','deny')),"
                 " decision TEXT NOT NULL,"
                 " policy_version TEXT NOT NULL,"
                 " received_at TEXT NOT NULL,"
                 " decided_at TEXT NOT NULL,"
                 " review_expires_at TEXT,"
                 " result TEXT,"
                 " completed_at TEXT,"
                 " version INTEGER NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE UNIQUE INDEX action_requests_idempotency ON action_requests(workload_id, "
                            "idempotency_key) WHERE idempotency_key IS NOT NULL"),
             QStringLiteral("CREATE INDEX action_requests_history ON action_requests(path_id, action_type, "
                            "target_kind, status)"),
             QStringLiteral("CREATE INDEX action_requests_received ON action_requests(received_at)"),
             // X.509 roots per SPIFFE trust domain (the local CA's and imported SPIRE bundles).
             QStringLiteral("CREATE TABLE trust_bundles ("
                            " trust_domain TEXT PRIMARY KEY,"
                            " pem TEXT NOT NULL,"
                            " source TEXT NOT NULL CHECK (source IN ('local-ca','imported')),"
                            " fingerprints TEXT NOT NULL,"
                            " updated_at TEXT NOT NULL)"),
         }},
        {3,
         QStringLiteral(
             "request-time policy: published versions, shadow policies and the decisions they flip"),
         {
             // One row per publication (re-publishing an older version adds a row); the
             // latest row is the policy in force. body is the RFC 8785 form that hash covers.
             QStringLiteral("CREATE TABLE policy_publications ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " hash TEXT NOT NULL CHECK (length(hash) = 64),"
                            " label TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " source TEXT NOT NULL,"
                            " rule_count INTEGER NOT NULL,"
                            " published_by TEXT NOT NULL,"
                            " published_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX policy_publications_hash ON policy_publications(hash)"),
             QStringLiteral(
                 "CREATE TRIGGER policy_publications_no_update BEFORE UPDATE ON policy_publications"
                 " BEGIN SELECT RAISE(ABORT, 'policy_publications is append-only'); END"),
             QStringLiteral(
                 "CREATE TRIGGER policy_publications_no_delete BEFORE DELETE ON policy_publications"
                 " BEGIN SELECT RAISE(ABORT, 'policy_publications is append-only'); END"),
             // Shadow policies: at most one without cleared_at runs beside the live one.
             QStringLiteral("CREATE TABLE policy_shadows ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " hash TEXT NOT NULL CHECK (length(hash) = 64),"
                            " label TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " registered_by TEXT NOT NULL,"
                            " registered_at TEXT NOT NULL,"
                            " cleared_by TEXT,"
                            " cleared_at TEXT)"),
             QStringLiteral(
                 "CREATE UNIQUE INDEX policy_shadows_one_running ON policy_shadows(ifnull(cleared_at, ''))"
                 " WHERE cleared_at IS NULL"),
             QStringLiteral("CREATE TABLE policy_shadow_flips ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " shadow_id INTEGER NOT NULL REFERENCES policy_shadows(id),"
                            " request_id TEXT NOT NULL,"
                            " path_id TEXT NOT NULL,"
                            " action_type TEXT NOT NULL,"
                            " target TEXT NOT NULL,"
                            " live_version TEXT NOT NULL,"
                            " live_outcome TEXT NOT NULL,"
                            " shadow_version TEXT NOT NULL,"
                            " shadow_outcome TEXT NOT NULL,"
                            " shadow_rules TEXT NOT NULL,"
                            " decided_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX policy_shadow_flips_shadow ON policy_shadow_flips(shadow_id, id)"),
         }},
        {4,
         QStringLiteral("human review: operator signing keys, review cases, signed reviews, break-glass "
                        "follow-ups and outgoing webhooks"),
         {
             // Ed25519 keys of operators; the seed is sealed under the operator's password
             // (PasswordSealedBox). Old keys stay (retired) so old signatures still verify.
             QStringLiteral("CREATE TABLE operator_keys ("
                            " key_id TEXT PRIMARY KEY,"
                            " username TEXT NOT NULL REFERENCES operator_accounts(username),"
                            " public_key BLOB NOT NULL CHECK (length(public_key) = 32),"
                            " sealed_seed BLOB NOT NULL,"
                            " created_at TEXT NOT NULL,"
                            " retired_at TEXT)"),
             QStringLiteral("CREATE UNIQUE INDEX operator_keys_one_active ON operator_keys(username)"
                            " WHERE retired_at IS NULL"),
             // One row per request that went to review: what it needs and where it stands.
             QStringLiteral(
                 "CREATE TABLE review_cases ("
                 " request_id TEXT PRIMARY KEY REFERENCES action_requests(id),"
                 " tier INTEGER NOT NULL CHECK (tier BETWEEN 0 AND 3),"
                 " required_approvals INTEGER NOT NULL CHECK (required_approvals BETWEEN 1 AND 10),"
                 " required_roles TEXT NOT NULL,"
                 " opened_at TEXT NOT NULL,"
                 " expires_at TEXT NOT NULL,"
                 " sla_due_at TEXT NOT NULL,"
                 " escalated_at TEXT,"
                 " escalated_by TEXT,"
                 " resolved_at TEXT,"
                 " resolved_by TEXT,"
                 " resolution TEXT CHECK (resolution IN ('approved','rejected','expired',"
                 "'approval_lapsed')),"
                 " feedback TEXT,"
                 " break_glass INTEGER NOT NULL DEFAULT 0 CHECK (break_glass IN (0, 1)),"
                 " approval_lapses_at TEXT)"),
             // The pending queue's order (tier, then age) straight from the index: no sort.
             QStringLiteral("CREATE INDEX review_cases_queue ON review_cases(resolved_at, tier DESC, "
                            "opened_at, request_id)"),
             QStringLiteral(
                 "CREATE INDEX review_cases_expiry ON review_cases(expires_at) WHERE resolved_at IS NULL"),
             // Every approval, rejection, escalation and break-glass approval, signed by its
             // reviewer over the RFC 8785 statement stored beside it. Append-only.
             QStringLiteral("CREATE TABLE reviews ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " request_id TEXT NOT NULL REFERENCES review_cases(request_id),"
                            " reviewer TEXT NOT NULL REFERENCES operator_accounts(username),"
                            " verdict TEXT NOT NULL CHECK (verdict IN ('approve','reject','escalate',"
                            "'break_glass')),"
                            " justification TEXT NOT NULL,"
                            " statement TEXT NOT NULL,"
                            " key_id TEXT NOT NULL REFERENCES operator_keys(key_id),"
                            " signature BLOB NOT NULL CHECK (length(signature) = 64),"
                            " created_at TEXT NOT NULL,"
                            " lapses_at TEXT)"),
             QStringLiteral("CREATE INDEX reviews_request ON reviews(request_id, id)"),
             QStringLiteral("CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews"
                            " BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END"),
             QStringLiteral("CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews"
                            " BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END"),
             // A break-glass approval waits here for a manager's after-the-fact review.
             QStringLiteral("CREATE TABLE break_glass_followups ("
                            " request_id TEXT PRIMARY KEY REFERENCES review_cases(request_id),"
                            " approved_by TEXT NOT NULL,"
                            " reason TEXT NOT NULL,"
                            " opened_at TEXT NOT NULL,"
                            " reviewed_by TEXT,"
                            " reviewed_at TEXT,"
                            " note TEXT)"),
             QStringLiteral("CREATE TABLE webhook_endpoints ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " name TEXT NOT NULL UNIQUE,"
                            " url TEXT NOT NULL,"
                            " format TEXT NOT NULL CHECK (format IN ('json','slack')),"
                            " events TEXT NOT NULL,"
                            " enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
                            " created_by TEXT NOT NULL,"
                            " created_at TEXT NOT NULL)"),
             // Outbox: a decision only enqueues; a dispatcher delivers with back-off.
             QStringLiteral("CREATE TABLE webhook_deliveries ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id),"
                            " event_type TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " state TEXT NOT NULL CHECK (state IN ('pending','delivered','failed')),"
                            " attempts INTEGER NOT NULL DEFAULT 0,"
                            " next_attempt_at TEXT NOT NULL,"
                            " last_error TEXT,"
                            " created_at TEXT NOT NULL,"
                            " delivered_at TEXT)"),
             QStringLiteral(
                 "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at)"),
             // An operator's own accounts and groups in target systems ("okta:group/secops"), so
             // the rule "nobody approves an action on their own account or group" can see them.
             QStringLiteral(
                 "ALTER TABLE operator_accounts ADD COLUMN directory_identities TEXT NOT NULL DEFAULT '[]'"),
         }},
        {5,
         QStringLiteral("ephemeral credentials: Ed25519 signing keys and the single-use JWTs they sign"),
         {
             // Public halves and life cycle of the credential signing keys; the private keys
             // are files keys/credential-<kid>.key (0600). At most one key signs at a time.
             QStringLiteral(
                 "CREATE TABLE signing_keys ("
                 " kid TEXT PRIMARY KEY,"
                 " algorithm TEXT NOT NULL CHECK (algorithm = 'EdDSA'),"
                 " public_key TEXT NOT NULL,"
                 " status TEXT NOT NULL CHECK (status IN ('active','retired','withdrawn','revoked')),"
                 " created_at TEXT NOT NULL,"
                 " retired_at TEXT,"
                 " reason TEXT)"),
             QStringLiteral("CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys(status)"
                            " WHERE status = 'active'"),
             // One credential per action request. The token is not stored: the issuer
             // re-signs signing_input (Ed25519 is deterministic) to hand it out again.
             QStringLiteral("CREATE TABLE credentials ("
                            " jti TEXT PRIMARY KEY,"
                            " request_id TEXT NOT NULL UNIQUE REFERENCES action_requests(id),"
                            " path_id TEXT NOT NULL REFERENCES decision_paths(id),"
                            " kid TEXT NOT NULL REFERENCES signing_keys(kid),"
                            " subject TEXT NOT NULL,"
                            " audience TEXT NOT NULL,"
                            " action_type TEXT NOT NULL,"
                            " target TEXT NOT NULL,"
                            " claims TEXT NOT NULL,"
                            " signing_input TEXT NOT NULL,"
                            " issued_at TEXT NOT NULL,"
                            " not_before TEXT NOT NULL,"
                            " expires_at TEXT NOT NULL,"
                            " ttl_seconds INTEGER NOT NULL CHECK (ttl_seconds > 0),"
                            " status TEXT NOT NULL CHECK (status IN ('active','used','revoked','expired')),"
                            " status_changed_at TEXT,"
                            " status_actor TEXT,"
                            " revoke_reason TEXT,"
                            " version INTEGER NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE INDEX credentials_path ON credentials(path_id, status)"),
             QStringLiteral("CREATE INDEX credentials_kid ON credentials(kid, status)"),
             QStringLiteral("CREATE INDEX credentials_expiry ON credentials(status, expires_at)"),
         }},
        {6,
         QStringLiteral("permission graph: imported sources, their nodes and edges, import diffs, saved "
                        "queries, privilege zones, and what each decision path runs as"),
         {
             // One row per source name; re-importing the name replaces its nodes and edges.
             QStringLiteral("CREATE TABLE graph_sources ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " name TEXT NOT NULL UNIQUE,"
                            " kind TEXT NOT NULL CHECK (kind IN ('aws','kubernetes','azure','catalogue')),"
                            " sha256 TEXT NOT NULL,"
                            " imported_at TEXT NOT NULL,"
                            " imported_by TEXT NOT NULL,"
                            " node_count INTEGER NOT NULL,"
                            " edge_count INTEGER NOT NULL,"
                            " warnings TEXT NOT NULL DEFAULT '[]')"),
             // A node id may come from several sources ("*", a shared account root); the graph
             // merges them when it is loaded.
             QStringLiteral("CREATE TABLE graph_nodes ("
                            " source_id INTEGER NOT NULL REFERENCES graph_sources(id) ON DELETE CASCADE,"
                            " id TEXT NOT NULL,"
                            " kind TEXT NOT NULL,"
                            " label TEXT NOT NULL,"
                            " tier_zero INTEGER NOT NULL CHECK (tier_zero IN (0, 1)),"
                            " attributes TEXT NOT NULL DEFAULT '{}',"
                            " PRIMARY KEY (source_id, id))"),
             QStringLiteral("CREATE TABLE graph_edges ("
                            " id INTEGER PRIMARY KEY,"
                            " source_id INTEGER NOT NULL REFERENCES graph_sources(id) ON DELETE CASCADE,"
                            " from_id TEXT NOT NULL,"
                            " to_id TEXT NOT NULL,"
                            " kind TEXT NOT NULL,"
                            " explanation TEXT NOT NULL,"
                            " origin TEXT NOT NULL,"
                            " origin_detail TEXT NOT NULL DEFAULT '{}',"
                            " conditional INTEGER NOT NULL CHECK (conditional IN (0, 1)),"
                            " condition TEXT NOT NULL DEFAULT '{}',"
                            " escalation TEXT NOT NULL DEFAULT '')"),
             QStringLiteral("CREATE INDEX graph_edges_source ON graph_edges(source_id)"),
             // What a re-import changed: identities that gained or lost a path into Tier Zero
             // or into a privilege zone (JSON arrays of "<finding>|<start node id>").
             QStringLiteral("CREATE TABLE graph_import_diffs ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " source_name TEXT NOT NULL,"
                            " imported_at TEXT NOT NULL,"
                            " sha256 TEXT NOT NULL,"
                            " appeared TEXT NOT NULL,"
                            " disappeared TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE graph_saved_queries ("
                            " name TEXT PRIMARY KEY,"
                            " description TEXT NOT NULL DEFAULT '',"
                            " query TEXT NOT NULL,"
                            " saved_by TEXT NOT NULL,"
                            " saved_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE graph_zones ("
                            " name TEXT PRIMARY KEY,"
                            " rank INTEGER NOT NULL,"
                            " selectors TEXT NOT NULL)"),
             QStringLiteral("ALTER TABLE decision_paths ADD COLUMN runs_as TEXT NOT NULL DEFAULT '[]'"),
         }},
    };
    return kMigrations;
}

} // namespace gatehouse
