#!/usr/bin/env python3
"""Second, independent reading of the Kubernetes mapping in docs/graph-ingest.md.

Run once by hand (python3 + PyYAML) to derive the node/edge counts that
KubernetesRbacImporterTest asserts for the corpus files; it shares no code with the
importer and is written from the documented mapping, so an importer bug shows up as a
count mismatch instead of being copied into the expected value.

usage: derive-k8s-counts.py FILE.yaml...
"""
import sys
import yaml

WORKLOAD_CREATE = [("", "pods"), ("apps", "deployments"), ("apps", "daemonsets"), ("apps", "statefulsets"),
                   ("apps", "replicasets"), ("batch", "jobs"), ("batch", "cronjobs"), ("", "replicationcontrollers")]
# Cluster-scoped resources of the built-in API (kubectl api-resources --namespaced=false) and the
# impersonation pseudo-resources: a namespaced grant (a RoleBinding) never allows them, except
# bind on clusterroles, which the API server checks in the RoleBinding's namespace.
CLUSTER_SCOPED = {("", r) for r in ("nodes", "namespaces", "persistentvolumes", "componentstatuses", "users", "groups")} | {
    ("authentication.k8s.io", "uids"), ("authentication.k8s.io", "userextras"),
    ("authentication.k8s.io", "tokenreviews"), ("authentication.k8s.io", "selfsubjectreviews"),
    ("authorization.k8s.io", "selfsubjectaccessreviews"), ("authorization.k8s.io", "selfsubjectrulesreviews"),
    ("authorization.k8s.io", "subjectaccessreviews"),
    ("rbac.authorization.k8s.io", "clusterroles"), ("rbac.authorization.k8s.io", "clusterrolebindings"),
    ("certificates.k8s.io", "certificatesigningrequests"),
    ("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
    ("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicies"),
    ("admissionregistration.k8s.io", "validatingadmissionpolicybindings"),
    ("apiextensions.k8s.io", "customresourcedefinitions"), ("apiregistration.k8s.io", "apiservices"),
    ("storage.k8s.io", "storageclasses"), ("storage.k8s.io", "csidrivers"), ("storage.k8s.io", "csinodes"),
    ("storage.k8s.io", "volumeattachments"), ("scheduling.k8s.io", "priorityclasses"),
    ("node.k8s.io", "runtimeclasses"), ("networking.k8s.io", "ingressclasses"),
    ("networking.k8s.io", "ipaddresses"), ("networking.k8s.io", "servicecidrs"),
    ("policy", "podsecuritypolicies"), ("flowcontrol.apiserver.k8s.io", "flowschemas"),
    ("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations"), ("resource.k8s.io", "deviceclasses")}
TEMPLATED = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}


def objects(path):
    for doc in yaml.safe_load_all(open(path, encoding="utf-8-sig")):
        if not doc:
            continue
        if doc.get("kind", "").endswith("List") and "items" in doc:
            yield from (doc["items"] or [])
        else:
            yield doc


def ineffective(res):
    if res == "*":
        return False
    if res.startswith("*/"):
        return len(res) == 2 or "*" in res[2:]
    return "*" in res or res == ""


def rule_allows(rule, verb, group, resource, name=None):
    verbs, groups, resources = rule.get("verbs") or [], rule.get("apiGroups") or [], rule.get("resources") or []
    if "*" not in verbs and verb not in verbs:
        return False
    if "*" not in groups and group not in groups:
        return False
    sub = resource.split("/", 1)[1] if "/" in resource else None
    if not ("*" in resources or resource in resources or (sub and "*/" + sub in resources)):
        return False
    names = rule.get("resourceNames") or []
    return not names or (name in names)


def selector_matches(sel, labels):
    ml, me = sel.get("matchLabels") or {}, sel.get("matchExpressions") or []
    if not ml and not me:
        return False
    if any(labels.get(k) != v for k, v in ml.items()):
        return False
    for e in me:
        has = e["key"] in labels
        val = labels.get(e["key"])
        vals = e.get("values") or []
        if e["operator"] == "In" and not (has and val in vals): return False
        if e["operator"] == "NotIn" and has and val in vals: return False
        if e["operator"] == "Exists" and not has: return False
        if e["operator"] == "DoesNotExist" and has: return False
    return True


def count(path):
    objs = list(objects(path))
    nodes, edges = {}, set()
    def node(i, tier0=False):
        nodes[i] = nodes.get(i, False) or tier0
    sas, users, groups, workloads = [], [], [], []  # (id, ns, name)

    def sa(ns, name):
        i = f"system:serviceaccount:{ns}:{name}"
        if i not in nodes:
            sas.append((i, ns, name))
        node(i)
        return i

    roles = {}
    for o in objs:
        k, md = o.get("kind"), o.get("metadata") or {}
        if k in ("Role", "ClusterRole"):
            rid = f"clusterrole:{md['name']}" if k == "ClusterRole" else f"role:{md.get('namespace', 'default')}:{md['name']}"
            roles[rid] = o
    for o in objs:
        k, md = o.get("kind"), o.get("metadata") or {}
        if k == "ServiceAccount":
            sa(md.get("namespace", "default"), md["name"])
    for o in objs:
        k, md = o.get("kind"), o.get("metadata") or {}
        spec = o.get("spec") or {}
        if k == "Pod":
            ps = spec
        elif k in TEMPLATED:
            ps = (spec.get("template") or {}).get("spec") or {}
        elif k == "CronJob":
            ps = ((((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec")) or {}
        else:
            continue
        ns = md.get("namespace", "default")
        w = f"k8s:workload:{ns}/{k}/{md['name']}"
        node(w)
        s = sa(ns, ps.get("serviceAccountName") or ps.get("serviceAccount") or "default")
        workloads.append((w, ns, md["name"], k, s))
        edges.add((w, s, "delegated_to", ""))

    memo = {}
    def effective(rid, visiting=()):
        if rid in memo:
            return memo[rid]
        o = roles[rid]
        out = [r for r in (o.get("rules") or [])]
        agg = (o.get("aggregationRule") or {}).get("clusterRoleSelectors") or []
        if o["kind"] == "ClusterRole" and agg:
            for oid, other in roles.items():
                if other["kind"] != "ClusterRole" or oid == rid or oid in visiting:
                    continue
                if any(selector_matches(s, (other["metadata"].get("labels") or {})) for s in agg):
                    for r in effective(oid, visiting + (rid,)):
                        if r not in out:
                            out.append(r)
        memo[rid] = out
        return out

    grants = []  # (node id, cluster?, ns, rules)
    pending = grants  # grants found while drawing primitives (scoped ClusterRoles, ns-admin) join the loop
    def grant(nid, cluster, ns, rules):
        grants.append((nid, cluster, ns, rules))
        grant_edges(nid, cluster, ns, rules)

    def grant_edges(nid, cluster, ns, rules):
        scope = "cluster" if cluster else f"ns/{ns}"
        for r in rules:
            for v in r.get("verbs") or []:
                for g in r.get("apiGroups") or []:
                    for res in r.get("resources") or []:
                        if ineffective(res):
                            continue
                        for n in (r.get("resourceNames") or [None]):
                            p = f"k8s:perm:{scope}:{v}:{g or 'core'}/{res}" + (f"#{n}" if n else "")
                            node(p, cluster and v == "*" and g == "*" and res == "*" and not n)
                            edges.add((nid, p, "grants", ""))
                if cluster:
                    for u in r.get("nonResourceURLs") or []:
                        p = f"k8s:perm:cluster:{v}:url:{u}"
                        node(p)
                        edges.add((nid, p, "grants", ""))

    for rid, o in roles.items():
        rules = effective(rid)
        cluster = o["kind"] == "ClusterRole"
        t0 = cluster and any("*" in (r.get("verbs") or []) and "*" in (r.get("resources") or []) and
                             "*" in (r.get("apiGroups") or []) and not r.get("resourceNames") for r in rules)
        node(rid, t0)
        grant(rid, cluster, o["metadata"].get("namespace", "default"), rules)

    def principal(name, group):
        if name not in nodes:
            (groups if group else users).append((name, "", name))
        node(name, group and name == "system:masters")
        return name

    scoped_crs = []
    for o in objs:
        k, md = o.get("kind"), o.get("metadata") or {}
        if k not in ("RoleBinding", "ClusterRoleBinding"):
            continue
        ref, ns = o["roleRef"], md.get("namespace", "default")
        if k == "ClusterRoleBinding":
            target = f"clusterrole:{ref['name']}"
        elif ref["kind"] == "Role":
            target = f"role:{ns}:{ref['name']}"
        else:
            target = f"clusterrole:{ref['name']}@{ns}"
            if target not in nodes:
                scoped_crs.append((target, ns, ref["name"]))
                if f"clusterrole:{ref['name']}" in roles:
                    grant(target, False, ns, effective(f"clusterrole:{ref['name']}"))
        node(target)
        for s in o.get("subjects") or []:
            if s["kind"] == "ServiceAccount":
                sns = s.get("namespace") or (ns if k == "RoleBinding" else None)
                if not sns:
                    continue
                f = sa(sns, s["name"])
            elif s["kind"] == "User":
                p = s["name"].split(":")
                f = sa(p[2], p[3]) if len(p) == 4 and s["name"].startswith("system:serviceaccount:") else principal(s["name"], False)
            elif s["kind"] == "Group":
                f = principal(s["name"], True)
            else:
                continue
            edges.add((f, target, "bound_to", ""))

    gi = 0
    while gi < len(grants):
        nid, cluster, ns, rules = grants[gi]
        gi += 1
        if nodes[nid]:
            continue  # tier zero holders get no primitive edges
        in_scope = lambda n: cluster or n == ns
        def acc(verb, group, resource):
            if (not cluster and (group, resource.split("/")[0]) in CLUSTER_SCOPED
                    and not (verb == "bind" and resource == "clusterroles")):
                return [], False, set()
            hit = [r for r in rules if rule_allows(dict(r, resourceNames=None), verb, group, resource)]
            return hit, any(not r.get("resourceNames") for r in hit), {n for r in hit for n in (r.get("resourceNames") or [])}
        def add(to, kind, prim):
            if to != nid:
                edges.add((nid, to, kind, prim))
        hit, allnames, names = acc("impersonate", "", "serviceaccounts")
        if hit:
            if not cluster:
                for n in names:
                    sa(ns, n)
            for i, sns, n in list(sas):
                if in_scope(sns) and (allnames or n in names):
                    add(i, "can_impersonate", "k8s:impersonate")
        for group in (False, True):
            hit, allnames, names = acc("impersonate", "", "groups" if group else "users")
            if not hit:
                continue
            for n in names:
                principal(n, group)
            if group and allnames:
                principal("system:masters", True)
            for i, _, n in list(groups if group else users):
                if allnames or n in names:
                    add(i, "can_impersonate", "k8s:impersonate")
        for g, res in WORKLOAD_CREATE:
            hit, _, _ = acc("create", g, res)
            if hit:
                for i, sns, _ in sas:
                    if in_scope(sns):
                        add(i, "delegated_to", "k8s:create-pods" if res == "pods" else "k8s:create-workloads")
                break
        hit, allnames, names = acc("create", "", "pods/exec")
        if hit:
            for w, wns, wname, wkind, wsa in workloads:
                if in_scope(wns) and (allnames or (wkind == "Pod" and wname in names)):
                    add(wsa, "delegated_to", "k8s:pods/exec")
        readable = any(acc(v, "", "secrets")[1] for v in ("list", "watch", "get"))
        if readable:
            for i, sns, _ in sas:
                if in_scope(sns):
                    add(i, "can_create_token", "k8s:read-secrets")
        hit, allnames, names = acc("create", "", "serviceaccounts/token")
        if hit:
            for i, sns, n in sas:
                if in_scope(sns) and (allnames or n in names):
                    add(i, "can_create_token", "k8s:serviceaccounts/token")
        # bind / escalate, per grant (docs/graph-ingest.md "Escalation primitives"): an edge only
        # where the holder gains the role. Takeovers that need several bindings of one subject
        # together are not derived here (no corpus file has bind or escalate).
        RBAC = "rbac.authorization.k8s.io"
        def allows(verbs, res, ons, name):
            # ons None: a cluster-scoped object, only a cluster-wide grant applies
            if (cluster if ons is None else in_scope(ons)):
                for v in verbs:
                    hit, allnames, names = acc(v, RBAC, res)
                    if hit and (allnames if name is None else (allnames or name in names)):
                        return True
            return False
        def everything(at_ns):
            return (cluster or at_ns is not None) and any(
                "*" in (r.get("verbs") or []) and "*" in (r.get("resources") or []) and
                "*" in (r.get("apiGroups") or []) and not r.get("resourceNames") for r in rules)
        write = ["create", "update", "patch"]
        def admin_of(at_ns):
            if at_ns is None:
                p = "k8s:perm:cluster:*:*/*"
                node(p, True)
                return p
            i = f"k8s:ns-admin:{at_ns}"
            if i not in nodes:
                node(i)
                p = f"k8s:perm:ns/{at_ns}:*:*/*"
                node(p)
                edges.add((i, p, "grants", ""))
                pending.append((i, False, at_ns, [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]))
            return i
        for rid, o in roles.items():
            n, k = o["metadata"]["name"], o["kind"]
            if k == "Role":
                rns = o["metadata"].get("namespace", "default")
                if not everything(rns) and allows(["bind"], "roles", rns, n) and allows(write, "rolebindings", rns, None):
                    add(rid, "can_modify", "k8s:bind")
            elif not everything(None) and allows(["bind"], "clusterroles", None, n) and allows(write, "clusterrolebindings", None, None):
                add(rid, "can_modify", "k8s:bind")
        if not cluster:
            for crname, o in roles.items():
                if o["kind"] != "ClusterRole" or everything(ns):
                    continue
                n = o["metadata"]["name"]
                if allows(["bind"], "clusterroles", ns, n) and allows(write, "rolebindings", ns, None):
                    target = f"clusterrole:{n}@{ns}"
                    if target not in nodes:
                        node(target)
                        scoped_crs.append((target, ns, n))
                        pending.append((target, False, ns, effective(crname)))
                        grant_edges(target, False, ns, effective(crname))
                    add(target, "can_modify", "k8s:bind")
        own = roles.get(nid)
        if own is not None:
            on = None if own["kind"] == "ClusterRole" else ns
            res = "clusterroles" if own["kind"] == "ClusterRole" else "roles"
            if (not everything(on) and allows(["escalate"], res, on, own["metadata"]["name"]) and
                    allows(["update", "patch"], res, on, own["metadata"]["name"])):
                add(admin_of(on), "can_modify", "k8s:escalate")
        for on in ([None] if cluster else [ns]):
            r, b = ("clusterroles", "clusterrolebindings") if on is None else ("roles", "rolebindings")
            if (not everything(on) and allows(["escalate"], r, on, None) and allows(["create"], r, on, None)
                    and allows(["bind"], r, on, None) and allows(["create"], b, on, None)):
                add(admin_of(on), "can_modify", "k8s:escalate")

    for gid, _, gname in list(groups):
        for i, sns, _ in sas:
            if gname in ("system:serviceaccounts", "system:authenticated") or gname == f"system:serviceaccounts:{sns}":
                edges.add((i, gid, "member_of", ""))
        if gname == "system:authenticated":
            for i, _, _ in users:
                edges.add((i, gid, "member_of", ""))

    kinds = {}
    for e in edges:
        kinds[e[2]] = kinds.get(e[2], 0) + 1
    print(f"{path}: nodes {len(nodes)} edges {len(edges)} tier0 {sum(nodes.values())} by kind {sorted(kinds.items())}")


for p in sys.argv[1:]:
    count(p)
