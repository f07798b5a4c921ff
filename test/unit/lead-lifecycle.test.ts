import { parentRegion } from '../../common/identifiers/region-code';
import { levelsOverdue } from '../../subgraphs/cases/leads/lead-store';
import { refusalOf, TRANSITIONS } from '../../subgraphs/cases/leads/lifecycle';

/** The lead lifecycle's rules, without a database. */
describe('lead lifecycle', () => {
  const supervisor = { user: 's', roles: ['supervisor'] };
  const rectifier = { user: 'r', roles: ['rectifier'] };

  it('lets each move be made only from its states, by its roles', () => {
    for (const [action, t] of Object.entries(TRANSITIONS) as Array<
      [keyof typeof TRANSITIONS, (typeof TRANSITIONS)[keyof typeof TRANSITIONS]]
    >) {
      const allowed = (t.roles as readonly string[]).includes('supervisor') ? supervisor : rectifier;
      const denied = allowed === supervisor ? rectifier : supervisor;
      expect([action, refusalOf(action, { state: t.from[0], rectifiedBy: null }, allowed)]).toEqual([action, null]);
      expect(refusalOf(action, { state: t.from[0], rectifiedBy: null }, denied)?.code).toBe('FORBIDDEN_FIELD');
      expect(refusalOf(action, { state: 'CLOSED', rectifiedBy: null }, allowed)?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('never lets the rectifier review their own rectification', () => {
    const both = { user: 'b', roles: ['supervisor', 'rectifier'] };
    expect(refusalOf('close', { state: 'REVIEWING', rectifiedBy: 'b' }, both)?.code).toBe('FORBIDDEN_FIELD');
    expect(refusalOf('return', { state: 'REVIEWING', rectifiedBy: 'b' }, both)?.code).toBe('FORBIDDEN_FIELD');
    expect(refusalOf('close', { state: 'REVIEWING', rectifiedBy: 'r' }, both)).toBeNull();
  });

  it('escalates one level the day after the deadline and one more every further 30 days', () => {
    expect(levelsOverdue('2026-03-01', '2026-03-01')).toBe(0);
    expect(levelsOverdue('2026-03-01', '2026-03-02')).toBe(1);
    expect(levelsOverdue('2026-03-01', '2026-03-31')).toBe(1);
    expect(levelsOverdue('2026-03-01', '2026-04-01')).toBe(2);
  });

  it('hands a county to its city and a city to its province, and a province to no one', () => {
    expect(parentRegion('320102')).toBe('320100');
    expect(parentRegion('320100')).toBe('320000');
    expect(parentRegion('320000')).toBeNull();
  });
});
