import fs, { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { projectRoot } from '../../common/paths';
import { shippedGatewaySchema } from '../../gateway/control/composition/shipped-api-schema';
import { loadPolicy, PolicyError } from '../../gateway/policy/load-policy';
import { gradeSchema } from '../../gateway/policy/schema-rules';

const shippedPolicy = () => loadPolicy(path.join(projectRoot, 'policies'));

/** The API schema of the shipped graph, as the gateway builds it from the committed supergraph. */
const shippedSchema = () =>
  shippedGatewaySchema(readFileSync(path.join(projectRoot, 'schema', 'supergraph.graphql'), 'utf8'));

/** Writes policy files into a fresh folder: { 'a.yaml': '...' }. */
function policyDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govgraph-policy-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const LEVELS = fs.readFileSync(path.join(projectRoot, 'policies', 'levels.yaml'), 'utf8');
const loadError = (files: Record<string, string>) => {
  try {
    loadPolicy(policyDir(files));
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return (error as Error).message;
  }
  throw new Error('the policy loaded');
};

describe('policy files', () => {
  it('every field of the shipped graph is graded, and every graded field exists', () => {
    const rules = gradeSchema(shippedSchema(), shippedPolicy(), []);
    expect(rules.ungraded).toEqual([]);
    expect(rules.unknown).toEqual([]);
  });

  it('every field of the shipped graph belongs to one data resource, and every catalog entry names fields of it', () => {
    const { catalog } = gradeSchema(shippedSchema(), shippedPolicy(), []);
    expect(catalog.unassigned).toEqual([]);
    expect(catalog.unknown).toEqual([]);
    expect(catalog.problems).toEqual([]);
  });

  it('the response cache names only types of the shipped graph, and no type holding people or money', () => {
    const schema = shippedSchema();
    const { cache } = shippedPolicy();
    for (const type of Object.keys(cache.ttlSeconds))
      expect([type, schema.getType(type) !== undefined]).toEqual([type, true]);
    for (const type of ['Person', 'Payment', 'PayrollLine', 'Beneficiary', 'ReliefPayment', 'WorkRecord', 'Household'])
      expect(cache.ttlSeconds[type]).toBeUndefined();
  });

  it('the shipped policy has the levels in order with their labels, and the roles the issue names', () => {
    const policy = shippedPolicy();
    expect(policy.levels.map((l) => `${l.name} ${l.label}`)).toEqual([
      'PUBLIC 公开',
      'INTERNAL 内部',
      'SENSITIVE 敏感',
      'RESTRICTED 受限',
    ]);
    for (const role of [
      'staffing-officer',
      'finance-officer',
      'civil-affairs-officer',
      'auditor',
      'supervisor',
      'registry-admin',
      'partner-dept',
      'audit-log-reader',
    ]) {
      expect(policy.roles.has(role)).toBe(true);
    }
    expect(policy.fields.get('Person.idNumber')).toMatchObject({
      level: 'RESTRICTED',
      masks: { SENSITIVE: 'id-number', INTERNAL: 'pseudonym' },
    });
  });

  it('names the file and key of a wrong level', () => {
    const message = loadError({ 'levels.yaml': LEVELS, 'fields/x.yaml': 'fields:\n  Person:\n    name: SECRET\n' });
    expect(message).toMatch(/fields\/x\.yaml: fields\.Person\.name/);
  });

  it('refuses a key defined in two files, naming both', () => {
    const message = loadError({
      'levels.yaml': LEVELS,
      'a.yaml': 'fields:\n  Person:\n    name: INTERNAL\n',
      'b.yaml': 'fields:\n  Person:\n    name: PUBLIC\n',
    });
    expect(message).toMatch(/b\.yaml: fields\.Person\.name: already defined in .*a\.yaml/);
  });

  it('refuses unknown keys, unknown purpose kinds, bad case-number patterns and masks at or above the level', () => {
    expect(
      loadError({
        'levels.yaml': LEVELS,
        'r.yaml': 'roles:\n  auditor:\n    clearance: RESTRICTED\n    clearence: PUBLIC\n',
      }),
    ).toMatch(/r\.yaml: roles\.auditor/);
    expect(
      loadError({
        'levels.yaml': LEVELS,
        'r.yaml': 'roles:\n  auditor:\n    clearance: RESTRICTED\n    purposes: [fishing]\n',
      }),
    ).toMatch(/roles\.auditor\.purposes: unknown purpose kind "fishing"/);
    expect(
      loadError({ 'levels.yaml': LEVELS, 'p.yaml': "purposes:\n  audit: { label: x, caseNumber: '^(SJ' }\n" }),
    ).toMatch(/p\.yaml: purposes\.audit\.caseNumber: not a valid regular expression/);
    expect(
      loadError({
        'levels.yaml': LEVELS,
        'f.yaml': 'fields:\n  Person:\n    name: { level: INTERNAL, masks: { SENSITIVE: name } }\n',
      }),
    ).toMatch(/fields\.Person\.name\.masks\.SENSITIVE: a mask applies only below/);
    expect(loadError({ 'f.yaml': 'fields: {}\n' })).toMatch(/levels: missing/);
    expect(loadError({ 'levels.yaml': LEVELS.replace('INTERNAL, label', 'SENSITIVE, label') })).toMatch(/levels/);
    expect(loadError({ 'levels.yaml': LEVELS, 'bad.yaml': 'fields: [\n' })).toMatch(/bad\.yaml/);
  });

  it('refuses limits that cannot work: a rate bucket smaller than the largest batch, cost rules on a non-coordinate, a limit of 0', () => {
    const rates =
      'rateLimits:\n  user: { requests: 5, perSeconds: 60 }\n  ip: { requests: 100, perSeconds: 60 }\n  anonymous: { requests: 100, perSeconds: 60 }\n';
    expect(loadError({ 'levels.yaml': LEVELS, 'rates.yaml': rates })).toMatch(
      /rates\.yaml: rateLimits\.user\.requests: 5 is below limits\.batchOperations \(20\)/,
    );
    const cost = 'cost:\n  defaultListSize: 10\n  mutationWeight: 10\n  listSizes:\n    findings: { assumedSize: 5 }\n';
    expect(loadError({ 'levels.yaml': LEVELS, 'c.yaml': cost })).toMatch(
      /c\.yaml: cost\.listSizes\.findings: Invalid key in record/,
    );
    const zero = 'limits:\n  default: { depth: 15, aliases: 30, rootFields: 10, tokens: 4000, cost: 0 }\n';
    expect(loadError({ 'levels.yaml': LEVELS, 'l.yaml': zero })).toMatch(/l\.yaml: limits\.default\.cost/);
  });

  it('refuses a mask on a field whose type cannot hold a masked value', () => {
    const dir = policyDir({
      'levels.yaml': LEVELS,
      'f.yaml': 'fields:\n  PayrollLine:\n    gross: { level: SENSITIVE, masks: { INTERNAL: redact } }\n',
    });
    expect(() => gradeSchema(shippedSchema(), loadPolicy(dir), [])).toThrow(
      /fields\.PayrollLine\.gross\.masks: masks apply to String or ID fields only, this one is Float!/,
    );
  });

  it('an ungraded field is RESTRICTED; @classified in a subgraph SDL grades it; the policy file wins', () => {
    const dir = policyDir({ 'levels.yaml': LEVELS, 'f.yaml': 'fields:\n  Person:\n    name: INTERNAL\n' });
    const rules = gradeSchema(shippedSchema(), loadPolicy(dir), [
      'type Person { name: String @classified(level: "PUBLIC") gender: String @classified(level: SENSITIVE) }',
    ]);
    expect(rules.rule('Person', 'name').level).toBe('INTERNAL');
    expect(rules.rule('Person', 'gender')).toMatchObject({ level: 'SENSITIVE', source: '@classified' });
    expect(rules.rule('Person', 'birthDate').level).toBe('RESTRICTED');
    expect(rules.ungraded).toContain('Person.birthDate');
  });
});
