import { buildClientSchema, getIntrospectionQuery, type GraphQLObjectType } from 'graphql';

import { caller, type Caller } from '../support/access';
import { mysqlStorage } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';

const PERSON_TYPE = `{ __type(name: "Person") { fields { name description } } }`;

async function post(target: Caller | string, query: string): Promise<{ status: number; body: any }> {
  const { url, headers } = typeof target === 'string' ? { url: target, headers: {} } : target;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Introspection is governed: every field's description carries its grade; with the production option
 * SCHEMA_HIDE_ABOVE_CLEARANCE a caller sees only what it can read (in clear or masked), a hidden field
 * fails exactly like a field that does not exist, and no error suggests a field name.
 */
describe('security: introspection and suggestions', () => {
  let open: TestStack;
  let hiding: TestStack;
  let tokens: { partner: string; supervisor: string; openPartner: string };

  beforeAll(async () => {
    [open, hiding] = await Promise.all([
      startTestStack(mysqlStorage),
      startTestStack(mysqlStorage, { access: { hideAboveClearance: true } }),
    ]);
    tokens = {
      partner: await hiding.realm.mint({ user: 'partner.x', roles: ['partner-dept'], region: '320000' }),
      supervisor: await hiding.realm.mint({ user: 'supervisor.x', roles: ['supervisor'], region: '320000' }),
      openPartner: await open.realm.mint({ user: 'partner.x', roles: ['partner-dept'], region: '320000' }),
    };
  });
  afterAll(async () => {
    await Promise.all([open?.[Symbol.asyncDispose](), hiding?.[Symbol.asyncDispose]()]);
  });

  it('shows each field’s grade, masks and purpose rule in its description', async () => {
    const { body } = await post(caller(open.gatewayUrl, tokens.openPartner), PERSON_TYPE);
    const fields = new Map<string, string>(body.data.__type.fields.map((f: any) => [f.name, f.description]));
    expect(fields.get('idNumber')).toMatch(
      /身份证号\n\nClassification: RESTRICTED \(受限\)\. Masked below it \(SENSITIVE: id-number, INTERNAL: pseudonym\)\. Needs a stated purpose/,
    );
    expect(fields.get('personKey')).toMatch(
      /Classification: INTERNAL \(内部\)\. Data resource: 实名制人员基本信息 \(staffing\.real-name-roll, 无条件共享 \(unconditional\)\)\.$/,
    );
    // without the option every field is listed, even those this caller can never read
    expect(fields.has('birthDate')).toBe(true);
  });

  it('the full introspection query (as GraphiQL and codegen send it, fragments and all) builds the served schema', async () => {
    const { body } = await post(caller(open.gatewayUrl, tokens.openPartner), getIntrospectionQuery());
    const schema = buildClientSchema(body.data);
    const person = schema.getType('Person') as GraphQLObjectType;
    expect(Object.keys(person.getFields())).toEqual(
      expect.arrayContaining(['personKey', 'name', 'idNumber', 'birthDate', 'payrollLines']),
    );
    expect(person.getFields()['idNumber']!.description).toMatch(/Classification: RESTRICTED/);
  });

  it('without the option, suggestions may name a field the caller cannot read', async () => {
    const { status, body } = await post(
      caller(open.gatewayUrl, tokens.openPartner),
      `{ people(first: 1) { nodes { birthDat } } }`,
    );
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/Did you mean "birthDate"\?/);
  });

  it('with the option, introspection shows only what the caller can read, in clear or masked', async () => {
    const partner = await post(caller(hiding.gatewayUrl, tokens.partner), PERSON_TYPE);
    const names = partner.body.data.__type.fields.map((f: any) => f.name);
    expect(names).toEqual(expect.arrayContaining(['personKey', 'name', 'idNumber'])); // INTERNAL, and two masked for INTERNAL
    expect(names).not.toContain('birthDate'); // SENSITIVE, no mask
    const supervisor = await post(caller(hiding.gatewayUrl, tokens.supervisor), PERSON_TYPE);
    expect(supervisor.body.data.__type.fields.map((f: any) => f.name)).toContain('birthDate');

    const anonymous = await post(
      hiding.gatewayUrl,
      `{ person: __type(name: "Person") { name } __schema { queryType { fields { name } } } }`,
    );
    expect(anonymous.body.data.person).toBeNull();
    const roots = anonymous.body.data.__schema.queryType.fields.map((f: any) => f.name);
    expect(roots).toContain('orgs');
    expect(roots).not.toContain('people');
  });

  it('with the option, a hidden field fails exactly as a missing one, and nothing is suggested', async () => {
    const as = caller(hiding.gatewayUrl, tokens.partner);
    const hidden = await post(as, `{ people(first: 1) { nodes { birthDate } } }`);
    const missing = await post(as, `{ people(first: 1) { nodes { shoeSize } } }`);
    expect(hidden.status).toBe(400);
    expect(missing.status).toBe(400);
    expect(hidden.body.errors).toEqual([
      { ...missing.body.errors[0], message: 'Cannot query field "birthDate" on type "Person".' },
    ]);
    const typo = await post(as, `{ people(first: 1) { nodes { birthDat } } }`);
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0].message).toBe('Cannot query field "birthDat" on type "Person".');
    // hidden through a fragment too
    const viaFragment = await post(as, `{ people(first: 1) { nodes { ...F } } } fragment F on Person { birthDate }`);
    expect(viaFragment.body.errors[0].message).toBe('Cannot query field "birthDate" on type "Person".');
  });

  it('with the option, introspection mixed into a data operation is refused', async () => {
    const mixed = await post(
      caller(hiding.gatewayUrl, tokens.partner),
      `{ orgs(first: 1) { totalCount } __type(name: "Person") { name } }`,
    );
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors[0].message).toMatch(/introspection .* as an operation of its own/);
    expect(mixed.body.data).toBeUndefined();
  });
});
