import { print } from 'graphql';

import { ErrorCode } from '../../common/errors';
import { AccessPlans } from '../../gateway/request/access/access-plans';
import { ID_KEY, TYPE_KEY } from '../../gateway/request/access/plan-access';
import {
  caller,
  decisions,
  harnessPolicy,
  harnessRules,
  harnessSchema,
  operationOf,
  planFor,
  withheldAt,
} from './harness/access-harness';

const PURPOSE = 'BB-2026-0001; 编制核查';

describe('access planning decides every field before anything is fetched', () => {
  it('in clear, masked or withheld by clearance; withheld fields are cut from the document sent on', () => {
    const query = '{ people { id name idNumber salary } }';
    const clerk = planFor(query, caller('clerk')).plan;
    expect(decisions(clerk)).toEqual([
      'Person.id allowed',
      'Person.idNumber denied FORBIDDEN_FIELD',
      'Person.name masked name',
      'Person.salary denied FORBIDDEN_FIELD',
      'Query.people allowed',
    ]);
    expect(withheldAt(clerk)).toEqual(['people.idNumber FORBIDDEN_FIELD', 'people.salary FORBIDDEN_FIELD']);
    expect(print(clerk.document)).not.toMatch(/idNumber|salary/);
    expect(clerk.masked.map((m) => `${[...m.parentKeys, m.key].join('.')} ${m.mask}`)).toEqual(['people.name name']);

    const officer = planFor(query, caller('officer')).plan;
    expect(decisions(officer)).toEqual([
      'Person.id allowed',
      'Person.idNumber masked id-number',
      'Person.name allowed',
      'Person.salary allowed',
      'Query.people allowed',
    ]);
    expect(officer.withheld).toEqual([]);
  });

  it('RESTRICTED in clear needs a stated purpose of a kind the role may state; a field marked purpose needs one at any level', () => {
    const query = '{ person(id: "1") { idNumber note } }';
    expect(decisions(planFor(query, caller('inspector')).plan)).toEqual([
      'Person.idNumber denied PURPOSE_REQUIRED',
      'Person.note denied PURPOSE_REQUIRED',
      'Query.person allowed',
    ]);
    expect(decisions(planFor(query, caller('inspector', PURPOSE)).plan)).toEqual([
      'Person.idNumber allowed',
      'Person.note allowed',
      'Query.person allowed',
    ]);
    // A clerk's roles state no purpose kind: the refusal says why the header was not taken.
    const clerk = planFor(query, caller('clerk', PURPOSE)).plan;
    const note = clerk.withheld.find((w) => w.coordinate === 'Person.note')!;
    expect(note.code).toBe(ErrorCode.PURPOSE_REQUIRED);
    expect(note.message).toContain('not of a kind your roles may state');
  });

  it('places decisions by alias, through named and inline fragments', () => {
    const query = `
      query { a: people { ...P } b: person(id: "2") { ... on Person { secret: idNumber } } }
      fragment P on Person { theName: name idNumber }`;
    const { plan } = planFor(query, caller('clerk'));
    expect(withheldAt(plan)).toEqual(['a.idNumber FORBIDDEN_FIELD', 'b.secret FORBIDDEN_FIELD']);
    expect(plan.masked.map((m) => [...m.parentKeys, m.key].join('.'))).toEqual(['a.theName']);
    // named fragments are inlined where data is read: the same fragment may be cut differently where spread
    expect(print(plan.document)).not.toMatch(/\.\.\.P\b/);
  });

  it('under an interface or union, a decision holds only for the types its fragment names, which the plan asks for', () => {
    const query = '{ search(text: "x") { ... on Person { id idNumber } ... on Org { id budget } } }';
    const { plan } = planFor(query, caller('officer'));
    expect(withheldAt(plan)).toEqual(['search.budget on Org FORBIDDEN_FIELD']);
    expect(plan.masked.map((m) => `${m.key} on ${[...(m.types ?? [])].join('|')}`)).toEqual(['idNumber on Person']);
    expect(print(plan.document)).toContain(`${TYPE_KEY}: __typename`);
    expect(plan.added.some((a) => a.key === TYPE_KEY && a.parentKeys.join('.') === 'search')).toBe(true);
  });

  it('@skip and @include are decided with the coerced variables (defaults too), and a skipped field is neither read nor withheld', () => {
    const query =
      'query ($show: Boolean = false) { people { id idNumber @include(if: $show) salary @skip(if: true) } }';
    const byDefault = planFor(query, caller('clerk')).plan;
    expect(decisions(byDefault)).toEqual(['Person.id allowed', 'Query.people allowed']);
    expect(print(byDefault.document)).not.toMatch(/@include|@skip/); // the subgraph never sees a condition
    const shown = planFor(query, caller('clerk'), { show: true }).plan;
    expect(withheldAt(shown)).toEqual(['people.idNumber FORBIDDEN_FIELD']);
  });

  it('RESTRICTED fields read in clear have their entity ids fetched for the access log', () => {
    const { plan } = planFor('{ person(id: "1") { idNumber } }', caller('inspector', PURPOSE));
    expect(plan.entityReads.map((e) => e.coordinate)).toEqual(['Person.idNumber']);
    expect(print(plan.document)).toContain(`${ID_KEY}: id`);
    expect(plan.sensitive.map((s) => s.coordinate)).toEqual(['Person.idNumber']);
  });

  it('an object whose every field is withheld keeps a valid selection (a filler, dropped later)', () => {
    const { plan } = planFor('{ person(id: "1") { salary } }', caller('clerk'));
    expect(print(plan.document)).toContain('__govgraph_filler: __typename');
    expect(plan.added.map((a) => a.key)).toContain('__govgraph_filler');
  });
});

describe('access plans are reused per document and access class, never across classes', () => {
  const plans = new AccessPlans(harnessPolicy());
  const planned = (query: ReturnType<typeof operationOf>, role: Parameters<typeof caller>[0], purpose?: string) =>
    plans.planFor({ schema: harnessSchema, rules: harnessRules(), access: caller(role, purpose), ...query });

  it('the same document and class share one plan, whoever the user and whatever the other variables', () => {
    const query = 'query ($region: String) { people(region: $region) { id name } }';
    const first = planned(operationOf(query, { region: '320100' }), 'officer');
    const document = operationOf(query);
    const again = plans.planFor({
      schema: harnessSchema,
      rules: harnessRules(),
      access: { ...caller('officer'), principal: { ...caller('officer').principal, user: 'someone.else' } },
      ...document,
    });
    expect(planned({ ...document, variables: { region: '320200' } }, 'officer')).toBe(
      planned({ ...document, variables: { region: '320300' } }, 'officer'),
    );
    expect(again).toBe(planned(document, 'officer'));
    expect(first).not.toBe(again); // another parse of the same text is another document
  });

  it('another clearance, a stated purpose, or other @skip/@include values make another plan', () => {
    const query = operationOf('query ($show: Boolean!) { person(id: "1") { name idNumber @include(if: $show) } }', {
      show: true,
    });
    const officer = planned(query, 'officer');
    expect(planned(query, 'clerk')).not.toBe(officer);
    expect(decisions(planned(query, 'clerk'))).toContain('Person.name masked name');
    expect(decisions(officer)).toContain('Person.name allowed');
    const inspector = planned(query, 'inspector');
    const withPurpose = planned(query, 'inspector', PURPOSE);
    expect(withPurpose).not.toBe(inspector);
    expect(decisions(inspector)).toContain('Person.idNumber denied PURPOSE_REQUIRED');
    expect(decisions(withPurpose)).toContain('Person.idNumber allowed');
    const hidden = planned({ ...query, variables: { show: false } }, 'officer');
    expect(hidden).not.toBe(officer);
    expect(decisions(hidden)).not.toContain('Person.idNumber masked id-number');
  });
});
