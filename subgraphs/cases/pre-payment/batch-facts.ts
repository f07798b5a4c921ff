import { dateOrNull, earliestDeaths, text } from '../../supervision/checks/values';
import type { Sources } from '../../supervision/sources';
import type { BatchFacts, BatchLine, RollEntry } from './payroll-warnings';

const ROLL = ['personKey', 'orgUscc', 'establishmentType', 'status', 'statusDate'] as const;

/**
 * Everything a batch's warnings need, in a handful of bulk calls through the caller's own access
 * context: the roll entries, registered deaths and the month's treasury pay of the batch's people, and
 * the region's 三定 quotas. `recordedElsewhere` adds what earlier batches of the month pay them.
 */
export async function readBatchFacts(
  sources: Sources,
  month: string,
  regionCode: string,
  lines: readonly BatchLine[],
  recordedElsewhere: ReadonlyArray<{ personKey: string; orgUscc: string }>,
): Promise<BatchFacts> {
  const keys = [...new Set(lines.map((l) => l.personKey))].sort();
  const [rollRows, deathRows, payRows, quotaRows] = await Promise.all([
    sources.factsForKeys('staffing', 'rollFacts', 'personKeys', keys, {}, ROLL),
    sources.factsForKeys('civil-affairs', 'deathFacts', 'personKeys', keys, {}, ['personKey', 'diedOn']),
    sources.factsForKeys(
      'finance',
      'payrollFacts',
      'personKeys',
      keys,
      { fromMonth: { type: 'String!', value: month }, toMonth: { type: 'String!', value: month } },
      ['personKey', 'orgUscc'],
    ),
    sources.facts('staffing', 'establishmentFacts', { regionCode: { type: 'String', value: regionCode } }, [
      'orgUscc',
      'type',
      'quota',
    ]),
  ]);
  const roll = new Map<string, RollEntry>();
  for (const r of rollRows)
    roll.set(text(r.personKey), {
      orgUscc: text(r.orgUscc),
      establishmentType: text(r.establishmentType),
      status: text(r.status),
      statusDate: dateOrNull(r.statusDate),
    });
  const quotas = new Map<string, Map<string, number>>();
  for (const q of quotaRows) {
    const body = quotas.get(text(q.orgUscc)) ?? new Map<string, number>();
    quotas.set(text(q.orgUscc), body.set(text(q.type), Number(q.quota)));
  }
  const paidElsewhere = new Map<string, Set<string>>();
  const paying = [
    ...payRows.map((r) => ({ personKey: text(r.personKey), orgUscc: text(r.orgUscc) })),
    ...recordedElsewhere,
  ];
  for (const p of paying) paidElsewhere.set(p.personKey, (paidElsewhere.get(p.personKey) ?? new Set()).add(p.orgUscc));
  return { roll, deaths: earliestDeaths(deathRows), quotas, paidElsewhere };
}
