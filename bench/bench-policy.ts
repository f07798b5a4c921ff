import { join } from 'node:path';

import { projectRoot } from '../common/paths';
import { loadPolicy } from '../gateway/policy/load-policy';
import type { FieldRule, Policy } from '../gateway/policy/policy-model';

const rule = (level: FieldRule['level'], masks: FieldRule['masks'] = {}): FieldRule => ({
  level,
  masks,
  purpose: false,
  source: 'bench',
});

/**
 * A policy as benchmarks serve it: one load generator is one user at one address, so the rate limits
 * are lifted; the response cache is off, so every request is answered fresh (as the peers answer).
 */
export function asBenchmarked(policy: Policy): Policy {
  const unlimited = { requests: 1_000_000_000, perSeconds: 1 };
  return {
    ...policy,
    rateLimits: { user: unlimited, ip: unlimited, anonymous: unlimited },
    cache: { ...policy.cache, enabled: false },
  };
}

/** The shipped policy, as benchmarked. */
export const shippedBenchPolicy = (): Policy => asBenchmarked(loadPolicy(join(projectRoot, 'policies')));

/**
 * The shipped levels, roles and limits with grades for the peer benchmark's graph: names and salaries
 * SENSITIVE (every read is written to the access log), the ID number RESTRICTED and masked for SENSITIVE
 * callers.
 */
export function peerGraphPolicy(): Policy {
  const policy = shippedBenchPolicy();
  policy.fields = new Map([
    ['Query.people', rule('PUBLIC')],
    ['Person.id', rule('PUBLIC')],
    ['Person.name', rule('SENSITIVE', { INTERNAL: 'name' })],
    ['Person.idNumber', rule('RESTRICTED', { SENSITIVE: 'id-number', INTERNAL: 'pseudonym' })],
    ['Person.team', rule('INTERNAL')],
    ['Person.salary', rule('SENSITIVE')],
    ['Person.payments', rule('INTERNAL')],
    ['Payment.month', rule('INTERNAL')],
    ['Payment.amount', rule('INTERNAL')],
  ]);
  // Every field in one resource shared with all (无条件共享): the catalog is asked, and opens everything.
  policy.resources = new Map([
    [
      'bench.people',
      {
        name: 'bench.people',
        title: 'benchmark people and payments',
        system: 'bench',
        owner: [...policy.departments.keys()][0]!,
        sharing: 'unconditional',
        legalBasis: 'benchmark',
        updateFrequency: 'never',
        contact: 'bench',
        fields: ['Query.people', 'Person.*', 'Payment.*'],
        openTo: [],
        source: 'bench',
      },
    ],
  ]);
  return policy;
}

/** The peer graph with every field PUBLIC: the access layer runs but finds nothing to withhold, mask or record. */
export function openPeerGraphPolicy(): Policy {
  const policy = peerGraphPolicy();
  policy.fields = new Map([...policy.fields.keys()].map((coordinate) => [coordinate, rule('PUBLIC')]));
  return policy;
}
