import type { DataSource } from 'typeorm';

import { checkNumericId } from '../../../common/arguments';
import { badUserInput } from '../../../common/errors';
import type { Policy } from '../../policy/policy-model';
import { decodeRecord, queryAccessLog } from '../../request/access-log/query-log';
import type { Principal } from '../../request/auth/principal';
import {
  agreementInForce,
  type AgreementState,
  type SharingAgreement,
  type SharingAgreements,
  type SharingRequest,
} from '../../request/sharing/sharing-agreements';
import { departmentView } from './data-resources';

/** Most records a usage report reads from the log; its counts say when they reach it. */
const USAGE_RECORDS = 100_000;

export const agreementView = (policy: Policy, a: SharingAgreement, now = new Date()) => ({
  ...a,
  id: String(a.id),
  inForce: agreementInForce(a, now),
  requester: departmentView(policy, a.requester),
  owner: departmentView(policy, a.owner),
});

/**
 * What an agreement has been used for, from the access log's records naming it: reads per user and per
 * field, entities returned, the latest records, and whether the reads passed the volume the request
 * stated. Names of fields and users only, never values.
 */
export async function usageOf(logDatabase: DataSource, agreement: SharingAgreement, recent: number) {
  if (!Number.isInteger(recent) || recent < 0 || recent > 1000)
    throw badUserInput('recent must be 0 to 1000', 'recent');
  const records = (await queryAccessLog(logDatabase, { agreement: agreement.id, limit: USAGE_RECORDS })).map(
    decodeRecord,
  );
  const byUser = new Map<string, { user: string; reads: number; lastAt: string }>();
  const byField = new Map<string, number>();
  let entities = 0;
  for (const r of records) {
    const user = byUser.get(r.user) ?? { user: r.user, reads: 0, lastAt: r.at };
    user.reads++;
    if (r.at > user.lastAt) user.lastAt = r.at;
    byUser.set(r.user, user);
    for (const read of r.reads as Array<{ coordinate: string; decision: string }>)
      if (read.decision !== 'denied') byField.set(read.coordinate, (byField.get(read.coordinate) ?? 0) + 1);
    entities += Object.values(r.entities).reduce((n, ids) => n + ids.length, 0);
  }
  return {
    reads: records.length,
    entities,
    overVolume: records.length > agreement.expectedReads,
    byUser: [...byUser.values()].sort((a, b) => b.reads - a.reads || a.user.localeCompare(b.user)),
    byField: [...byField.entries()]
      .map(([coordinate, reads]) => ({ coordinate, reads }))
      .sort((a, b) => b.reads - a.reads || a.coordinate.localeCompare(b.coordinate)),
    recent: records.slice(0, recent).map((r) => ({
      at: r.at,
      user: r.user,
      operationName: r.operationName,
      purpose: r.purpose,
      fields: [
        ...new Set(
          (r.reads as Array<{ coordinate: string; decision: string }>)
            .filter((x) => x.decision !== 'denied')
            .map((x) => x.coordinate),
        ),
      ],
    })),
  };
}

/** The governance API's sharing fields: each step is also an event in the access log (the caller logs it). */
export function sharingResolvers(deps: { policy: Policy; agreements: SharingAgreements; logDatabase: DataSource }) {
  const view = (a: SharingAgreement) => agreementView(deps.policy, a);
  const id = (raw: string) => checkNumericId(raw);
  return {
    list: async (by: Principal, state: AgreementState | null) => (await deps.agreements.list(by, { state })).map(view),
    usage: async (by: Principal, raw: string, recent: number) => {
      const agreement = await deps.agreements.get(id(raw), by);
      return { agreement: view(agreement), ...(await usageOf(deps.logDatabase, agreement, recent)) };
    },
    file: async (by: Principal, input: SharingRequest) => view(await deps.agreements.file(input, by)),
    decide: async (by: Principal, raw: string, approve: boolean, reason: string | null) =>
      view(await deps.agreements.decide(id(raw), approve, by, reason)),
    change: async (by: Principal, raw: string, to: 'SUSPENDED' | 'ACTIVE' | 'REVOKED', reason: string | null) =>
      view(await deps.agreements.change(id(raw), to, by, reason)),
  };
}
