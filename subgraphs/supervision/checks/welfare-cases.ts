import type { SourceTarget } from '../source-coverage';
import type { FactArgs, Sources } from '../sources';
import { rowsOf, streamFacts } from '../streams/stream-facts';
import { earliestDeaths, push, text } from './values';

/** Reading the relief cases the welfare cross-check is about: of public employees, and of the dead. */

export const MEMBERSHIP = ['personKey', 'beneficiaryId', 'caseNumber', 'scheme', 'regionCode'] as const;
const PAYEES = ['personKey', 'orgUscc'] as const;
const DEATHS = ['personKey', 'diedOn'] as const;

export interface Membership {
  personKey: string;
  beneficiaryId: string;
  caseNumber: string;
  scheme: string;
  regionCode: string;
}

const toMembership = (r: Record<string, unknown>): Membership => ({
  personKey: text(r.personKey),
  beneficiaryId: text(r.beneficiaryId),
  caseNumber: text(r.caseNumber),
  scheme: text(r.scheme),
  regionCode: text(r.regionCode),
});

/** One civil-affairs node's cases in question (a case id means something only at its node). */
export interface NodeCases {
  target: SourceTarget;
  employed: Membership[];
  dead: Membership[];
}

/** The cases, and of their members the bodies paying them and their deaths. */
export interface CasesInQuestion {
  nodes: NodeCases[];
  employers: Map<string, string[]>;
  diedOn: Map<string, string>;
}

/**
 * At one endpoint: who is on a public payroll and who is registered dead, then the relief cases of
 * exactly those people (by key, in chunks), asked of each node that holds cases.
 */
export async function casesByKey(sources: Sources, months: FactArgs, caseRegion: FactArgs): Promise<CasesInQuestion> {
  const [payees, deaths] = await Promise.all([
    sources.facts('finance', 'payeeFacts', months, PAYEES),
    sources.facts('civil-affairs', 'deathFacts', {}, DEATHS),
  ]);
  const employers = new Map<string, string[]>();
  for (const p of payees) push(employers, text(p.personKey), text(p.orgUscc));
  const diedOn = earliestDeaths(deaths);
  const nodes = await sources.fanOut('civil-affairs', async (target) => {
    const members = async (keys: Iterable<string>) =>
      (
        await sources.factsForKeys(
          target,
          'reliefMembershipFacts',
          'personKeys',
          [...keys].sort(),
          caseRegion,
          MEMBERSHIP,
        )
      ).map(toMembership);
    const [employed, dead] = await Promise.all([members(employers.keys()), members(diedOn.keys())]);
    return { target, employed, dead };
  });
  return { nodes, employers, diedOn };
}

/**
 * Over regional nodes: every finance node's payees, every civil-affairs node's deaths and relief
 * memberships streamed in person-key order and merged k-way, so a public employee paid in one county
 * and on relief in another is found, without sending the province's payees to every node; only the
 * people in question are kept.
 */
export async function casesStreamed(
  sources: Sources,
  months: FactArgs,
  caseRegion: FactArgs,
): Promise<CasesInQuestion> {
  const { merged, complete } = streamFacts(sources, [
    { kind: 'payee', system: 'finance', field: 'payeeFacts', args: months, columns: PAYEES },
    { kind: 'death', system: 'civil-affairs', field: 'deathFacts', args: {}, columns: DEATHS },
    { kind: 'member', system: 'civil-affairs', field: 'reliefMembershipFacts', args: caseRegion, columns: MEMBERSHIP },
  ]);
  const employers = new Map<string, string[]>();
  const diedOn = new Map<string, string>();
  const byNode = new Map<string, NodeCases>();
  for await (const batch of merged)
    for (const { key, parts } of batch) {
      const memberships = parts.filter((p) => p.tag.kind === 'member');
      if (!memberships.length) continue;
      const orgs = rowsOf(parts, 'payee').map((r) => text(r.orgUscc));
      const died = earliestDeaths(rowsOf(parts, 'death') as Array<Record<'personKey' | 'diedOn', unknown>>).get(key);
      if (!orgs.length && !died) continue;
      if (orgs.length) employers.set(key, orgs);
      if (died) diedOn.set(key, died);
      for (const { tag, rows } of memberships) {
        let node = byNode.get(tag.target.id);
        if (!node) byNode.set(tag.target.id, (node = { target: tag.target, employed: [], dead: [] }));
        for (const row of rows) {
          if (orgs.length) node.employed.push(toMembership(row));
          if (died) node.dead.push(toMembership(row));
        }
      }
    }
  complete();
  return { nodes: [...byNode.values()], employers, diedOn };
}
