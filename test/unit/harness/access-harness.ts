/**
 * A small graded graph for unit tests of the access rules, as graphql-js's validation harness gives
 * rules one schema: a policy (levels, roles, purposes) and an SDL whose fields carry their grades, with
 * helpers that plan an operation for a caller of some clearance, apply the plan and cut the schema.
 * Everything runs in process; nothing here is a stand-in for a component, only small inputs to the real ones.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, getVariableValues, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';

import type { Level } from '../../../gateway/policy/levels';
import { loadPolicy } from '../../../gateway/policy/load-policy';
import type { Policy } from '../../../gateway/policy/policy-model';
import { gradeSchema, type SchemaRules } from '../../../gateway/policy/schema-rules';
import { readPurpose, type AccessContext } from '../../../gateway/request/access/access-context';
import { planAccess, type AccessPlan } from '../../../gateway/request/access/plan-access';
import type { Principal } from '../../../gateway/request/auth/principal';

export const HARNESS_POLICY = `
levels:
  - { name: PUBLIC, label: 公开 }
  - { name: INTERNAL, label: 内部 }
  - { name: SENSITIVE, label: 敏感 }
  - { name: RESTRICTED, label: 受限 }
roles:
  clerk: { clearance: INTERNAL }
  officer: { clearance: SENSITIVE, purposes: [check] }
  inspector: { clearance: RESTRICTED, purposes: [check] }
purposes:
  check: { label: 核查, caseNumber: '^BB-\\d{4}-\\d{4,}$' }
purposeRequired:
  levels: [RESTRICTED]
fields:
  Person:
    name: { level: SENSITIVE, masks: { INTERNAL: name } }
    idNumber: { level: RESTRICTED, masks: { SENSITIVE: id-number } }
    note: { level: INTERNAL, purpose: true }
departments:
  roll-office: { label: 编办, claims: [roll] }
  welfare-office: { label: 民政局 }
  inspection: { label: 纪委监委, statutory: { basis: 监察法第十八条, sharing: [conditional] } }
resources:
  unit.roll:
    title: 人员基本信息
    system: unit
    owner: roll-office
    sharing: unconditional
    legalBasis: 实名制管理办法
    updateFrequency: daily
    contact: 编办
    fields: [Query.*, Node.*, Org.*, Person.id, Person.name, Person.idNumber, Person.salary, Person.note, Person.employer]
  unit.relief:
    title: 救助对象
    system: unit
    owner: welfare-office
    sharing: conditional
    legalBasis: 社会救助暂行办法
    updateFrequency: monthly
    contact: 救助科
    fields: [Person.allowance]
  unit.means-test:
    title: 家庭经济状况核对
    system: unit
    owner: welfare-office
    sharing: none
    legalBasis: 社会救助暂行办法第六十六条
    updateFrequency: on each review
    contact: 救助科
    openTo: [{ role: clerk, basis: 本人查询 }]
    fields: [Person.householdIncome]
`;

/** Grades not in the policy come from @classified, as subgraph SDLs carry them. */
export const HARNESS_SDL = `
  directive @classified(level: String!) on FIELD_DEFINITION
  type Query {
    people(region: String): [Person!]! @classified(level: "PUBLIC")
    person(id: ID!): Person @classified(level: "PUBLIC")
    search(text: String!): [Result!]! @classified(level: "PUBLIC")
    node(id: ID!): Node @classified(level: "PUBLIC")
  }
  interface Node { id: ID! @classified(level: "PUBLIC") }
  type Person implements Node {
    id: ID! @classified(level: "PUBLIC")
    name: String
    idNumber: String
    salary: Int @classified(level: "SENSITIVE")
    note: String
    employer: Org @classified(level: "INTERNAL")
    allowance: Int @classified(level: "INTERNAL")
    householdIncome: Int @classified(level: "INTERNAL")
    hobby: String @classified(level: "PUBLIC")
  }
  type Org implements Node {
    id: ID! @classified(level: "PUBLIC")
    name: String @classified(level: "PUBLIC")
    budget: Int @classified(level: "RESTRICTED")
  }
  union Result = Person | Org
`;

let policy: Policy | undefined;
export function harnessPolicy(): Policy {
  if (!policy) {
    const file = join(mkdtempSync(join(tmpdir(), 'govgraph-harness-')), 'policy.yaml');
    writeFileSync(file, HARNESS_POLICY);
    policy = loadPolicy(file);
  }
  return policy;
}

export const harnessSchema = buildSchema(HARNESS_SDL);
let rules: SchemaRules | undefined;
export const harnessRules = (): SchemaRules => (rules ??= gradeSchema(harnessSchema, harnessPolicy(), [HARNESS_SDL]));

/** A caller: clearance and role from the policy's roles, and the purpose header it sends. */
export function caller(
  role: 'clerk' | 'officer' | 'inspector' | 'anonymous',
  purposeHeader?: string,
  department: string | null = null,
): AccessContext {
  const rolePolicy = role === 'anonymous' ? undefined : harnessPolicy().roles.get(role)!;
  const principal: Principal = {
    user: role === 'anonymous' ? 'anonymous' : `unit.${role}`,
    anonymous: role === 'anonymous',
    roles: rolePolicy ? [rolePolicy.name] : [],
    clearance: (rolePolicy?.clearance ?? 'PUBLIC') as Level,
    region: '320000',
    relation: null,
    department,
    can: new Set(),
    purposeKinds: new Set(rolePolicy?.purposes ?? []),
  };
  return {
    principal,
    ...readPurpose(purposeHeader, principal, harnessPolicy()),
    regions: ['320000'],
    grants: [],
    agreements: [],
  };
}

export interface Planned {
  plan: AccessPlan;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

/** The operation's first definition with its variables coerced (defaults applied), as the request path coerces them. */
export function operationOf(query: string, given: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const coerced = getVariableValues(harnessSchema, operation.variableDefinitions ?? [], given);
  if (coerced.errors) throw new Error(coerced.errors.map((e) => e.message).join('; '));
  return { document, operation, variables: coerced.coerced };
}

/** Plans `query` for `access`, as decide-access does. */
export function planFor(query: string, access: AccessContext, given: Record<string, unknown> = {}): Planned {
  const { document, operation, variables } = operationOf(query, given);
  const plan = planAccess({
    schema: harnessSchema,
    rules: harnessRules(),
    policy: harnessPolicy(),
    access,
    document,
    operation,
    variables,
  });
  return { plan, document, operation, variables };
}

/** The plan's decisions, one line each: "Person.name masked name", "Person.idNumber denied FORBIDDEN_FIELD". */
export const decisions = (plan: AccessPlan): string[] =>
  plan.reads
    .map((r) => [r.coordinate, r.decision, r.mask ?? r.code ?? ''].join(' ').trim())
    .sort((a, b) => a.localeCompare(b));

/** Where each withheld field would have been: "people.idNumber", with the types it applies to. */
export const withheldAt = (plan: AccessPlan): string[] =>
  plan.withheld.map(
    (w) => `${[...w.parentKeys, w.key].join('.')}${w.types ? ` on ${[...w.types].sort().join('|')}` : ''} ${w.code}`,
  );
