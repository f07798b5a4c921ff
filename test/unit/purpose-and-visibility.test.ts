import { parse, printSchema } from 'graphql';

import { ErrorCode } from '../../common/errors';
import { readPurpose } from '../../gateway/request/access/access-context';
import { firstHiddenField, visibleSchema } from '../../gateway/request/access/schema-visibility';
import { caller, harnessPolicy, harnessRules, harnessSchema } from './harness/access-harness';

describe('reading x-govgraph-purpose', () => {
  const officer = caller('officer').principal;
  const read = (header: string | undefined) => readPurpose(header, officer, harnessPolicy());

  it('takes "<case number>; <text>" of a kind the roles may state, text percent-decoded', () => {
    expect(read('BB-2026-0042; 核查编制')).toEqual({
      purpose: { caseNumber: 'BB-2026-0042', kind: 'check', text: '核查编制' },
      purposeProblem: null,
    });
    expect(read(`BB-2026-0042; ${encodeURIComponent('核查编制')}`).purpose?.text).toBe('核查编制');
    expect(read(undefined)).toEqual({ purpose: null, purposeProblem: null });
    expect(read('   ')).toEqual({ purpose: null, purposeProblem: null });
  });

  it('refuses, with the reason, what is malformed or of a kind the roles may not state', () => {
    expect(read('BB-2026-0042').purposeProblem).toMatch(/must be "<case number>; <text>"/);
    expect(read('; text').purposeProblem).toMatch(/must be/);
    expect(read('BB-2026-0042; %E4%ZZ').purposeProblem).toMatch(/percent-encoding/);
    expect(read(`BB-2026-0042; ${'x'.repeat(501)}`).purposeProblem).toMatch(/longer than 500/);
    expect(read('JC-2026-0042; 立案').purposeProblem).toMatch(/not of a kind your roles may state \(check\)/);
    expect(readPurpose('BB-2026-0042; 核查', caller('clerk').principal, harnessPolicy()).purposeProblem).toMatch(
      /\(none\)/,
    );
  });
});

describe('the schema a clearance may see (SCHEMA_HIDE_ABOVE_CLEARANCE)', () => {
  const rules = harnessRules();

  it('keeps what a caller reads in clear or masked, and drops what it can never read', () => {
    const clerk = printSchema(visibleSchema(harnessSchema, rules, 'INTERNAL'));
    expect(clerk).toMatch(/\bname: String/); // masked for a clerk
    expect(clerk).not.toMatch(/idNumber|salary|budget/);
    const officer = printSchema(visibleSchema(harnessSchema, rules, 'SENSITIVE'));
    expect(officer).toMatch(/idNumber: String/); // masked for an officer
    expect(officer).not.toMatch(/budget/);
    expect(printSchema(visibleSchema(harnessSchema, rules, 'RESTRICTED'))).toMatch(/budget: Int/);
  });

  it('asking for a hidden field fails exactly as an unknown field does, without suggestions', () => {
    const error = firstHiddenField(harnessSchema, rules, 'INTERNAL', parse('{ people { id salary } }'))!;
    expect(error.message).toBe('Cannot query field "salary" on type "Person".');
    expect(error.extensions['code']).toBe(ErrorCode.GRAPHQL_VALIDATION_FAILED);
    expect(firstHiddenField(harnessSchema, rules, 'SENSITIVE', parse('{ people { id salary } }'))).toBeNull();
    // through a fragment on an abstract type too
    const viaFragment = parse('{ search(text: "x") { ... on Org { budget } } }');
    expect(firstHiddenField(harnessSchema, rules, 'SENSITIVE', viaFragment)?.message).toContain(
      '"budget" on type "Org"',
    );
  });
});
