import { warnPayrollBatch, type BatchFacts, type BatchLine } from '../../subgraphs/cases/pre-payment/payroll-warnings';

/** The pre-payment rules, line by line, over facts given in place of the systems'. */
const A = '11320000MB0000001X';
const B = '11320000MB0000002X';
const key = (n: number) => String(n).padStart(32, '0');
const line = (lineNo: number, person: number, orgUscc = A, gross = 8000): BatchLine => ({
  lineNo,
  personKey: key(person),
  orgUscc,
  gross,
});

function facts(overrides: Partial<BatchFacts> = {}): BatchFacts {
  return {
    roll: new Map([
      [key(1), { orgUscc: A, establishmentType: 'ADMINISTRATIVE', status: 'ON_ROLL', statusDate: null }],
      [key(2), { orgUscc: A, establishmentType: 'ADMINISTRATIVE', status: 'RETIRED', statusDate: '2026-04-15' }],
      [key(3), { orgUscc: A, establishmentType: 'ADMINISTRATIVE', status: 'SECONDED', statusDate: null }],
      [key(4), { orgUscc: B, establishmentType: 'ADMINISTRATIVE', status: 'ON_ROLL', statusDate: null }],
    ]),
    deaths: new Map(),
    quotas: new Map([
      [A, new Map([['ADMINISTRATIVE', 5]])],
      [B, new Map([['ADMINISTRATIVE', 5]])],
    ]),
    paidElsewhere: new Map(),
    ...overrides,
  };
}
const kindsOf = (month: string, lines: BatchLine[], f = facts()) =>
  Object.fromEntries(warnPayrollBatch(month, lines, f).warnings.map((w) => [w.lineNo, w.kinds]));

describe('pre-payment warnings of a payroll batch', () => {
  it('passes a person on the paying body’s roll, paid once', () => {
    expect(kindsOf('2026-05', [line(1, 1)])).toEqual({});
  });

  it('warns of pay to someone on no roll, or on another body’s', () => {
    expect(kindsOf('2026-05', [line(1, 9), line(2, 4)])).toEqual({ 1: ['NOT_ON_ROLL'], 2: ['NOT_ON_ROLL'] });
  });

  it('warns of pay after the month of separation, not in it', () => {
    expect(kindsOf('2026-04', [line(1, 2)])).toEqual({});
    expect(kindsOf('2026-05', [line(1, 2)])).toEqual({ 1: ['SEPARATED'] });
  });

  it('warns of pay after a registered death while the roll still counts the person', () => {
    const f = facts({ deaths: new Map([[key(1), '2026-03-02']]) });
    expect(kindsOf('2026-03', [line(1, 1)], f)).toEqual({});
    expect(kindsOf('2026-04', [line(1, 1)], f)).toEqual({ 1: ['DEAD'] });
  });

  it('counts another body’s pay as paid twice, the same body’s recorded pay not', () => {
    const f = facts({ paidElsewhere: new Map([[key(1), new Set([A, B])]]) });
    const verdict = warnPayrollBatch('2026-05', [line(1, 1)], f);
    expect(verdict.warnings.map((w) => [w.kinds, w.otherPayers])).toEqual([[['PAID_TWICE'], [B]]]);
    const own = facts({ paidElsewhere: new Map([[key(1), new Set([A])]]) });
    expect(kindsOf('2026-05', [line(1, 1)], own)).toEqual({});
  });

  it('finds the same person twice in one batch, at one body or at two', () => {
    expect(kindsOf('2026-05', [line(1, 1), line(2, 1)])).toEqual({ 1: ['PAID_TWICE'], 2: ['PAID_TWICE'] });
    expect(kindsOf('2026-05', [line(1, 1), line(2, 1, B)])).toEqual({
      1: ['PAID_TWICE'],
      2: ['NOT_ON_ROLL', 'PAID_TWICE'],
    });
  });

  it('names a seconded person paid by two bodies as such', () => {
    expect(kindsOf('2026-05', [line(1, 3), line(2, 3, B)])).toEqual({
      1: ['SECONDED_PAID_ELSEWHERE'],
      2: ['NOT_ON_ROLL', 'SECONDED_PAID_ELSEWHERE'],
    });
  });

  it('warns of a body without a 三定 plan in the region', () => {
    const C = '11320000MB0000003X';
    expect(kindsOf('2026-05', [line(1, 9, C)])).toEqual({ 1: ['UNKNOWN_BODY', 'NOT_ON_ROLL'] });
  });

  it('reports a body paying more of its serving roll (在编, 借调) of a type than the quota, each person once', () => {
    const f = facts({ quotas: new Map([[A, new Map([['ADMINISTRATIVE', 1]])]]) });
    const verdict = warnPayrollBatch('2026-04', [line(1, 1), line(2, 2), line(3, 3), line(4, 1)], f);
    expect(verdict.overQuota).toEqual([{ orgUscc: A, establishmentType: 'ADMINISTRATIVE', quota: 1, paid: 2 }]);
  });

  it('sums each kind’s lines and pay in fen', () => {
    const verdict = warnPayrollBatch('2026-05', [line(1, 9, A, 0.1), line(2, 8, A, 0.2)], facts());
    expect(verdict.summary.find((s) => s.kind === 'NOT_ON_ROLL')).toEqual({
      kind: 'NOT_ON_ROLL',
      lines: 2,
      amount: 0.3,
    });
  });
});
