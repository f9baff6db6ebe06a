#!/usr/bin/env python3
"""Independent count of the permission-graph nodes and edges that the AWS mapping of
docs/permission-graph.md gives for an authorization-details file. Written separately from
the C++ importer (plain Python, fnmatch-style globbing re-implemented with re) so that the
test compares two derivations, not the importer with itself. Usage: derive_aws_counts.py FILE
Prints JSON: node and edge counts by kind, Tier Zero ARNs, escalation edges."""
import json, re, sys, urllib.parse
from collections import Counter

def glob(p, t, ci):
    rx = '^' + ''.join('.*' if c == '*' else '.' if c == '?' else re.escape(c) for c in p) + '$'
    return re.match(rx, t, re.S | (re.I if ci else 0)) is not None

def lst(v):
    return [v] if isinstance(v, str) else list(v or [])

def doc(v):
    if isinstance(v, str):
        v = json.loads(v if v.strip().startswith('{') else urllib.parse.unquote(v))
    st = v['Statement']
    return [st] if isinstance(st, dict) else st

data = json.load(open(sys.argv[1], encoding='utf-8-sig'))
nodes, edges = {}, set()
def node(i, k):
    nodes.setdefault(i, k)
def edge(a, b, k):
    if a != b:
        edges.add((a, b, k))

def grants(pid, stmts):
    for s in stmts:
        if s['Effect'] != 'Allow':
            continue
        acts = ['not(%s)' % ','.join(lst(s['NotAction'])).lower()] if 'NotAction' in s else [a.lower() for a in lst(s['Action'])]
        if 'NotResource' in s:
            res = ['not(%s)' % ','.join(lst(s['NotResource']))]
        else:
            res = lst(s.get('Resource', '*')) or ['*']
        for a in acts:
            for r in res:
                perm = a + ' on ' + r
                node(perm, 'permission'); node('resource:' + r, 'resource')
                edge(pid, perm, 'grants'); edge(perm, 'resource:' + r, 'grants')

policies = {}
for p in data.get('Policies', []):
    d = next((v for v in p.get('PolicyVersionList', []) if v.get('IsDefaultVersion') or v.get('VersionId') == p.get('DefaultVersionId')), None)
    policies[p['Arn']] = doc(d['Document']) if d else []
    node(p['Arn'], 'policy'); grants(p['Arn'], policies[p['Arn']])

def attached(owner, obj, inline_key):
    out = []
    for ip in obj.get(inline_key, []) or []:
        pid = owner + '#inline/' + ip['PolicyName']
        st = doc(ip['PolicyDocument'])
        node(pid, 'policy'); edge(owner, pid, 'grants'); grants(pid, st); out += st
    for ap in obj.get('AttachedManagedPolicies', []) or []:
        node(ap['PolicyArn'], 'policy'); edge(owner, ap['PolicyArn'], 'grants')
        out += policies.get(ap['PolicyArn'], [])
    return out

groups = {}
for g in data.get('GroupDetailList', []):
    node(g['Arn'], 'group'); groups[g['GroupName']] = (g['Arn'], attached(g['Arn'], g, 'GroupPolicyList'))
ids = []  # (arn, name, is_role, statements, group arns, trust)
for u in data.get('UserDetailList', []):
    node(u['Arn'], 'principal')
    st = attached(u['Arn'], u, 'UserPolicyList'); garns = []
    for gn in u.get('GroupList', []):
        edge(u['Arn'], groups[gn][0], 'member_of'); st = st + groups[gn][1]; garns.append(groups[gn][0])
    ids.append((u['Arn'], u['UserName'], False, st, garns, None))
for r in data.get('RoleDetailList', []):
    node(r['Arn'], 'role')
    ids.append((r['Arn'], r['RoleName'], True, attached(r['Arn'], r, 'RolePolicyList'), [], doc(r['AssumeRolePolicyDocument'])))
arns = {i[0] for i in ids}

def principals(s):
    p = s.get('Principal')
    if p == '*':
        return {'aws': ['*'], 'svc': [], 'fed': []}
    p = p or {}
    return {'aws': lst(p.get('AWS')), 'svc': lst(p.get('Service')), 'fed': lst(p.get('Federated'))}

def norm(p):
    return 'arn:aws:iam::%s:root' % p if re.fullmatch(r'\d{12}', p) else p

for arn, name, is_role, st, _, trust in ids:
    if not is_role:
        continue
    for s in trust:
        if s['Effect'] != 'Allow' or not any(glob(a, x, True) for a in lst(s.get('Action')) for x in ('sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity')):
            continue
        pr = principals(s)
        for p in pr['aws']:
            p = norm(p)
            if p == '*':
                node('*', 'principal'); edge('*', arn, 'can_assume')
            elif p not in arns:
                node(p, 'principal'); edge(p, arn, 'can_assume')
        for p in pr['svc'] + pr['fed']:
            node(p, 'principal'); edge(p, arn, 'can_assume')

# Effective decisions: explicit Deny wins, a statement with a Condition is "conditional" but still an edge.
def allowed(st, action, res, user):
    def rmatch(s):
        if 'Resource' not in s and 'NotResource' not in s:
            return True
        pats = [x.replace('${aws:username}', user) if user else x for x in lst(s.get('Resource', s.get('NotResource')))]
        if res is None:
            hit = any(glob(p, '*', False) for p in pats) if s['Effect'] == 'Deny' else True
            return (not any(p == '*' for p in pats)) if 'NotResource' in s else hit
        hit = any('${' not in p and glob(p, res, False) for p in pats)
        return not hit if 'NotResource' in s else hit
    def amatch(s):
        hit = any(glob(a, action, True) for a in lst(s.get('Action', s.get('NotAction'))))
        return not hit if 'NotAction' in s else hit
    allow = any(s['Effect'] == 'Allow' and amatch(s) and rmatch(s) for s in st)
    hard_deny = any(s['Effect'] == 'Deny' and 'Condition' not in s and amatch(s) and rmatch(s) for s in st)
    return allow and not hard_deny

run_code = {'ec2.amazonaws.com': [['ec2:RunInstances'], ['ec2:AssociateIamInstanceProfile'], ['ec2:ReplaceIamInstanceProfileAssociation']],
            'lambda.amazonaws.com': [['lambda:CreateFunction', 'lambda:InvokeFunction'], ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping']],
            'glue.amazonaws.com': [['glue:CreateDevEndpoint'], ['glue:CreateJob']],
            'cloudformation.amazonaws.com': [['cloudformation:CreateStack']],
            'datapipeline.amazonaws.com': [['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition']],
            'ecs-tasks.amazonaws.com': [['ecs:RegisterTaskDefinition', 'ecs:RunTask']],
            'sagemaker.amazonaws.com': [['sagemaker:CreateNotebookInstance'], ['sagemaker:CreateTrainingJob'], ['sagemaker:CreateProcessingJob']],
            'codebuild.amazonaws.com': [['codebuild:CreateProject', 'codebuild:StartBuild']]}
def hard_denied(st, action, res, user):
    """An unconditional Deny of action on res in the principal's own policies."""
    def hit(s):
        acts = lst(s.get('Action', s.get('NotAction')))
        a = any(glob(x, action, True) for x in acts)
        a = not a if 'NotAction' in s else a
        if 'Resource' not in s and 'NotResource' not in s:
            r = True
        else:
            pats = [x.replace('${aws:username}', user) if user else x for x in lst(s.get('Resource', s.get('NotResource')))]
            r = any('${' not in x and glob(x, res, False) for x in pats)
            r = not r if 'NotResource' in s else r
        return a and r
    return any(s['Effect'] == 'Deny' and 'Condition' not in s and hit(s) for s in st)

def account(a):
    return a.split(':')[4]

def strict_allowed(st, action, res, user):
    """Allowed with no Condition on any statement that matches (the importer's 'Allowed')."""
    def hit(s):
        acts = lst(s.get('Action', s.get('NotAction')))
        a = any(glob(x, action, True) for x in acts)
        a = not a if 'NotAction' in s else a
        if 'Resource' not in s and 'NotResource' not in s:
            return a
        pats = [x.replace('${aws:username}', user) if user else x for x in lst(s.get('Resource', s.get('NotResource')))]
        r = any('${' not in x and glob(x, res, False) for x in pats)
        return a and (not r if 'NotResource' in s else r)
    matching = [s for s in st if hit(s)]
    return any(s['Effect'] == 'Allow' and 'Condition' not in s for s in matching) and \
        not any(s['Effect'] == 'Deny' for s in matching)

def full_iam(st):
    def touches_iam(s):
        acts = lst(s.get('Action', s.get('NotAction')))
        if 'NotAction' in s:
            return not any(glob(a, 'iam:*', True) or a.lower() in ('*', 'iam:*') for a in acts)
        return any(a.lower() in ('*', 'iam:*') or a.lower().startswith('iam:') or a.endswith('*') and 'iam:'.startswith(a.lower()[:-1]) for a in acts)
    if any(s['Effect'] == 'Deny' and touches_iam(s) for s in st):
        return False
    for s in st:
        if s['Effect'] != 'Allow' or 'Condition' in s or 'NotResource' in s or '*' not in lst(s.get('Resource', [])):
            continue
        acts = [a.lower() for a in lst(s.get('Action', s.get('NotAction')))]
        if 'NotAction' in s:
            if not any(a.startswith('iam:') or a == '*' for a in acts):
                return True
        elif '*' in acts or 'iam:*' in acts:
            return True
    return False

def tier_zero(arn, is_role, st, garns, user):
    if full_iam(st):
        return True
    own = ('iam:AttachRolePolicy', 'iam:PutRolePolicy') if is_role else ('iam:AttachUserPolicy', 'iam:PutUserPolicy')
    if any(strict_allowed(st, a, arn, user) for a in own):
        return True
    if any(strict_allowed(st, a, g, user) for g in garns for a in ('iam:AttachGroupPolicy', 'iam:PutGroupPolicy')):
        return True
    o = data_by_arn[arn]
    mine = [ap['PolicyArn'] for ap in o.get('AttachedManagedPolicies', []) or []]
    for g in data.get('GroupDetailList', []):
        if g['Arn'] in garns:
            mine += [ap['PolicyArn'] for ap in g.get('AttachedManagedPolicies', []) or []]
    return any(':aws:policy/' not in p and strict_allowed(st, 'iam:CreatePolicyVersion', p, user) for p in mine)

data_by_arn = {o['Arn']: o for o in data.get('UserDetailList', []) + data.get('RoleDetailList', [])}
by_arn = {i[0]: i for i in ids}
esc = []
rewrites = []  # (author, target, kind of target) -- an edge only if the author can act as a holder
tier0 = set()
for arn, name, is_role, st, garns, _ in ids:
    user = None if is_role else name
    if tier_zero(arn, is_role, st, garns, user):
        tier0.add(arn)
        continue  # an admin-equivalent principal gets no escalation edges (as in PMapper)
    acct = 'arn:aws:iam::%s:root' % account(arn)
    for rarn, rname, r_is_role, _, _, trust in ids:
        if not r_is_role or rarn == arn:
            continue
        same = account(arn) == account(rarn)
        allows = [s for s in trust if s['Effect'] == 'Allow' and 'NotPrincipal' not in s
                  and any(glob(a, 'sts:AssumeRole', True) for a in lst(s.get('Action')))]
        direct = any(any(norm(p) in ('*', arn) for p in principals(s)['aws']) for s in allows)
        by_account = any(any(norm(p) == acct for p in principals(s)['aws']) for s in allows)
        identity_ok = allowed(st, 'sts:AssumeRole', rarn, user)
        if (direct and same and not hard_denied(st, 'sts:AssumeRole', rarn, user)) or ((direct or by_account) and identity_ok):
            esc.append((arn, rarn, 'can_assume'))
        for svc, alts in run_code.items():
            if any(s['Effect'] == 'Allow' and svc in principals(s)['svc'] for s in trust) and allowed(st, 'iam:PassRole', rarn, user) \
                    and any(all(allowed(st, a, None, user) for a in alt) for alt in alts):
                esc.append((arn, rarn, 'can_pass_role')); break
        if allowed(st, 'iam:UpdateAssumeRolePolicy', rarn, user) and same:
            esc.append((arn, rarn, 'can_modify'))
        if any(allowed(st, a, rarn, user) for a in ('iam:AttachRolePolicy', 'iam:PutRolePolicy')):
            rewrites.append((arn, rarn, 'identity'))
    for uarn, uname, u_is_role, _, _, _ in ids:
        if u_is_role or uarn == arn:
            continue
        if any(allowed(st, a, uarn, user) for a in ('iam:AttachUserPolicy', 'iam:PutUserPolicy')):
            rewrites.append((arn, uarn, 'identity'))
        if any(allowed(st, a, uarn, user) for a in ('iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile')):
            esc.append((arn, uarn, 'can_create_token'))
    for gname, (garn, _) in groups.items():
        if any(allowed(st, a, garn, user) for a in ('iam:AttachGroupPolicy', 'iam:PutGroupPolicy')):
            rewrites.append((arn, garn, 'group'))
    for parn in policies:
        if ':aws:policy/' not in parn and any(allowed(st, a, parn, user) for a in ('iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion')):
            rewrites.append((arn, parn, 'policy'))

# Who can act as whom (assume, pass to code, mint credentials, rewrite a trust).
act = {}
for a, b, k in esc:
    act.setdefault(a, set()).add(b)
def reach(a):
    seen, todo = {a}, [a]
    while todo:
        for n in act.get(todo.pop(), ()):
            if n not in seen:
                seen.add(n); todo.append(n)
    return seen
groups_of = {u['Arn']: [groups[g][0] for g in u.get('GroupList', [])] for u in data.get('UserDetailList', [])}
def customer_policies(x):
    o = data_by_arn[x]
    out = [ap['PolicyArn'] for ap in o.get('AttachedManagedPolicies', []) or []]
    for g in data.get('GroupDetailList', []):
        if g['Arn'] in groups_of.get(x, []):
            out += [ap['PolicyArn'] for ap in g.get('AttachedManagedPolicies', []) or []]
    b = (o.get('PermissionsBoundary') or {}).get('PermissionsBoundaryArn')
    return out + ([b] if b else [])
for a, t, kind in rewrites:
    holders = reach(a)
    if any((kind == 'identity' and h == t) or (kind == 'group' and t in groups_of.get(h, []))
           or (kind == 'policy' and t in customer_policies(h)) for h in holders):
        esc.append((a, t, 'can_modify'))
for e in esc:
    edges.add(e)

print(json.dumps({'nodes': len(nodes), 'edges': len(edges),
                  'nodes_by_kind': Counter(nodes.values()), 'edges_by_kind': Counter(k for _, _, k in edges),
                  'tier_zero': sorted(tier0), 'escalations': sorted('%s -%s-> %s' % (a, k, b) for a, b, k in esc)}, indent=1, sort_keys=True))
