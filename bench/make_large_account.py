#!/usr/bin/env python3
"""Writes a synthetic `aws iam get-account-authorization-details` file shaped like a large
account, for timing the AWS importer at scale (bench_graph --aws FILE). Deterministic (seeded).

Usage: make_large_account.py --roles 3000 --users 1000 --groups 60 --policies 400 > big.json

Shape: customer-managed policies of 1-3 service statements (a few with iam:PassRole on
role/app-*, a few with iam:*, one in ten with a Deny); two AWS-managed policies (a
ReadOnlyAccess-like one with Get/List/Describe on 120 services, AdministratorAccess);
roles trusting a compute service or the account root, each with 1-3 managed policies and
sometimes an inline one; users in 1-2 groups; one principal in twenty with a permissions
boundary."""
import argparse, json, random

p = argparse.ArgumentParser()
p.add_argument('--roles', type=int, default=3000)
p.add_argument('--users', type=int, default=1000)
p.add_argument('--groups', type=int, default=60)
p.add_argument('--policies', type=int, default=400)
p.add_argument('--seed', type=int, default=1)
a = p.parse_args()
rnd = random.Random(a.seed)
acct = '111122223333'
services = ['s3', 'ec2', 'lambda', 'dynamodb', 'sqs', 'sns', 'logs', 'kms', 'secretsmanager', 'ssm',
            'ecr', 'ecs', 'rds', 'cloudwatch', 'events', 'states', 'glue', 'athena', 'kinesis', 'firehose']
verbs = ['Get*', 'List*', 'Describe*', 'Put*', 'Create*', 'Delete*', 'Update*', '*']

def doc(statements):
    return {'Version': '2012-10-17', 'Statement': statements}

def service_statement():
    svc = rnd.choice(services)
    actions = ['%s:%s' % (svc, v) for v in rnd.sample(verbs, rnd.randint(1, 3))]
    res = '*' if rnd.random() < 0.5 else 'arn:aws:%s:::%s-%d/*' % (svc, svc, rnd.randint(0, 50))
    return {'Effect': 'Allow', 'Action': actions, 'Resource': res}

def managed(arn, name, statements):
    return {'PolicyName': name, 'Arn': arn, 'DefaultVersionId': 'v1', 'AttachmentCount': 1,
            'PolicyVersionList': [{'VersionId': 'v1', 'IsDefaultVersion': True, 'Document': doc(statements)}]}

policies = []
customer = []
for i in range(a.policies):
    st = [service_statement() for _ in range(rnd.randint(1, 3))]
    r = rnd.random()
    if r < 0.05:
        st.append({'Effect': 'Allow', 'Action': 'iam:PassRole', 'Resource': 'arn:aws:iam::%s:role/app-*' % acct})
        st.append({'Effect': 'Allow', 'Action': ['lambda:CreateFunction', 'lambda:InvokeFunction'], 'Resource': '*'})
    elif r < 0.07:
        st.append({'Effect': 'Allow', 'Action': 'iam:*', 'Resource': '*'})
    if rnd.random() < 0.1:
        st.append({'Effect': 'Deny', 'Action': '%s:Delete*' % rnd.choice(services), 'Resource': '*'})
    arn = 'arn:aws:iam::%s:policy/p-%d' % (acct, i)
    policies.append(managed(arn, 'p-%d' % i, st))
    customer.append(arn)
ro = managed('arn:aws:iam::aws:policy/ReadOnlyAccess', 'ReadOnlyAccess',
             [{'Effect': 'Allow', 'Action': ['svc%d:%s' % (s, v) for s in range(120) for v in ('Get*', 'List*', 'Describe*')], 'Resource': '*'}])
admin = managed('arn:aws:iam::aws:policy/AdministratorAccess', 'AdministratorAccess',
                [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}])
policies += [ro, admin]
boundary = managed('arn:aws:iam::%s:policy/boundary' % acct, 'boundary',
                   [{'Effect': 'Allow', 'Action': ['s3:*', 'dynamodb:*', 'logs:*', 'sqs:*'], 'Resource': '*'}])
policies.append(boundary)

def attached(n):
    out = [{'PolicyName': x.rsplit('/', 1)[1], 'PolicyArn': x} for x in rnd.sample(customer, n)]
    r = rnd.random()
    if r < 0.2:
        out.append({'PolicyName': 'ReadOnlyAccess', 'PolicyArn': ro['Arn']})
    elif r < 0.21:
        out.append({'PolicyName': 'AdministratorAccess', 'PolicyArn': admin['Arn']})
    return out

def maybe_boundary(o):
    if rnd.random() < 0.05:
        o['PermissionsBoundary'] = {'PermissionsBoundaryType': 'Policy', 'PermissionsBoundaryArn': boundary['Arn']}
    return o

groups = [{'GroupName': 'g-%d' % i, 'Arn': 'arn:aws:iam::%s:group/g-%d' % (acct, i),
           'GroupPolicyList': [], 'AttachedManagedPolicies': attached(rnd.randint(1, 2))} for i in range(a.groups)]
users = []
for i in range(a.users):
    u = {'UserName': 'u-%d' % i, 'Arn': 'arn:aws:iam::%s:user/u-%d' % (acct, i),
         'GroupList': [g['GroupName'] for g in rnd.sample(groups, rnd.randint(1, 2))],
         'AttachedManagedPolicies': attached(rnd.randint(0, 1)), 'UserPolicyList': []}
    users.append(maybe_boundary(u))
roles = []
for i in range(a.roles):
    name = ('app-%d' if rnd.random() < 0.3 else 'svc-%d') % i
    if rnd.random() < 0.6:
        principal = {'Service': rnd.choice(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'])}
    else:
        principal = {'AWS': 'arn:aws:iam::%s:root' % acct}
    r = {'RoleName': name, 'Arn': 'arn:aws:iam::%s:role/%s' % (acct, name),
         'AssumeRolePolicyDocument': doc([{'Effect': 'Allow', 'Principal': principal, 'Action': 'sts:AssumeRole'}]),
         'AttachedManagedPolicies': attached(rnd.randint(1, 3)), 'RolePolicyList': []}
    if rnd.random() < 0.3:
        r['RolePolicyList'].append({'PolicyName': 'inline', 'PolicyDocument': doc([service_statement()])})
    roles.append(maybe_boundary(r))
json.dump({'UserDetailList': users, 'GroupDetailList': groups, 'RoleDetailList': roles, 'Policies': policies},
          __import__('sys').stdout)
