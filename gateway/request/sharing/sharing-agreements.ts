import { In } from 'typeorm';

import type { SubgraphDatabase } from '../../../common/database/database';
import { badUserInput, forbiddenField } from '../../../common/errors';
import { isRegionCode, regionCovers } from '../../../common/identifiers/region-code';
import { SharingAgreementRecord } from '../../database/entities/sharing-agreement-record';
import type { DataResource } from '../../policy/catalog-model';
import type { Policy } from '../../policy/policy-model';
import { SharedTableCopy } from '../access/shared-table-copy';
import type { Principal } from '../auth/principal';

/** Longest agreement: a longer use is asked for again, so that the owner looks at it again. */
export const MAX_AGREEMENT_DAYS = 366;

export type AgreementState = 'REQUESTED' | 'REJECTED' | 'ACTIVE' | 'SUSPENDED' | 'REVOKED';

export interface SharingRequest {
  resources: string[];
  purposeKind: string;
  legalBasis: string;
  regionCode: string;
  roles: string[];
  startsOn: string;
  endsOn: string;
  expectedReads: number;
}

export interface SharingAgreement extends SharingRequest {
  id: number;
  state: AgreementState;
  requester: string;
  owner: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  changedBy: string | null;
  changedAt: string | null;
  reason: string | null;
  readsUsed: number;
  overVolumeAt: string | null;
}

/** What one request reads under: the agreements in force for its department, roles, purpose and region. */
export interface AgreementInForce {
  id: number;
  resources: readonly string[];
}

const toAgreement = (r: SharingAgreementRecord): SharingAgreement => ({
  ...r,
  state: r.state as AgreementState,
  resources: JSON.parse(r.resources) as string[],
  roles: JSON.parse(r.roles) as string[],
});

const DAY = 86_400_000;
const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/** In force on this day: approved, not suspended or revoked, between its first and last day. */
export const agreementInForce = (a: SharingAgreement, now: Date): boolean =>
  a.state === 'ACTIVE' && a.startsOn <= dayOf(now) && dayOf(now) <= a.endsOn;

/**
 * Sharing requests and agreements (共享申请与协议) in the gateway's database, shared by every gateway
 * instance. A department's data steward files a request for conditional resources of one owning
 * department; a steward of the owner (never the requester) approves or rejects it; either side may
 * suspend or revoke it at once, the owner may resume it. Requests read the active agreements from this
 * instance's copy (a decision on another instance applies within `refreshMs`); the dates are checked on
 * every request.
 */
export class SharingAgreements {
  private readonly active: SharedTableCopy<SharingAgreement>;

  constructor(
    private readonly db: SubgraphDatabase,
    private readonly policy: Policy,
    /** Resources by name: the policy's catalog and those the served graph's subgraphs declare. */
    private readonly resourceNamed: (name: string) => DataResource | undefined,
    refreshMs = 1000,
  ) {
    this.active = new SharedTableCopy(
      async () =>
        (await db.dataSource.getRepository(SharingAgreementRecord).find({ where: { state: 'ACTIVE' } })).map(
          toAgreement,
        ),
      refreshMs,
      'sharing agreements could not be loaded; requests read under none',
    );
  }

  /**
   * The agreements a request reads under: its department's, naming one of its roles and the purpose
   * kind it states, whose region covers the request's whole region scope (an agreement for 320500 never
   * opens a scope of 320000 or 320100).
   */
  async applicable(
    principal: Principal,
    purposeKind: string | null,
    regions: readonly string[],
    now = new Date(),
  ): Promise<AgreementInForce[]> {
    if (!principal.department || purposeKind === null || !regions.length) return [];
    return (await this.active.rows(now))
      .filter(
        (a) =>
          a.requester === principal.department &&
          a.purposeKind === purposeKind &&
          a.roles.some((role) => principal.roles.includes(role)) &&
          regions.every((region) => regionCovers(a.regionCode, region)) &&
          agreementInForce(a, now),
      )
      .map((a) => ({ id: a.id, resources: a.resources }));
  }

  async file(request: SharingRequest, by: Principal, now = new Date()): Promise<SharingAgreement> {
    if (!by.can.has('request-sharing'))
      throw forbiddenField('filing a sharing request needs the request-sharing capability');
    if (!by.department) throw forbiddenField('filing a sharing request needs a department (the token names none)');
    const owner = this.check(request, by.department, now);
    const repository = this.db.dataSource.getRepository(SharingAgreementRecord);
    const saved = await repository.save(
      repository.create({
        state: 'REQUESTED',
        requester: by.department,
        owner,
        resources: JSON.stringify([...new Set(request.resources)].sort()),
        purposeKind: request.purposeKind,
        legalBasis: request.legalBasis.trim(),
        regionCode: request.regionCode,
        roles: JSON.stringify([...new Set(request.roles)].sort()),
        startsOn: request.startsOn,
        endsOn: request.endsOn,
        expectedReads: request.expectedReads,
        readsUsed: 0,
        overVolumeAt: null,
        requestedBy: by.user,
        requestedAt: now.toISOString(),
        decidedBy: null,
        decidedAt: null,
        changedBy: null,
        changedAt: null,
        reason: null,
      }),
    );
    await this.changed();
    return toAgreement(saved);
  }

  /** The owner's steward approves (ACTIVE) or rejects a request; the requester never decides its own. */
  async decide(id: number, approve: boolean, by: Principal, reason: string | null, now = new Date()) {
    if (!by.can.has('approve-sharing'))
      throw forbiddenField('deciding a sharing request needs the approve-sharing capability');
    const record = await this.record(id);
    if (by.department !== record.owner)
      throw forbiddenField(`only a steward of ${record.owner} (approve-sharing) decides this request`);
    if (by.user === record.requestedBy) throw forbiddenField('nobody decides a sharing request they filed');
    if (record.state !== 'REQUESTED') throw badUserInput(`request ${id} is ${record.state}, not REQUESTED`, 'id');
    if (approve && record.endsOn < dayOf(now)) throw badUserInput(`request ${id} ended on ${record.endsOn}`, 'id');
    record.state = approve ? 'ACTIVE' : 'REJECTED';
    record.decidedBy = by.user;
    record.decidedAt = now.toISOString();
    record.reason = reason?.trim() || null;
    return this.save(record);
  }

  /** Suspends, resumes or revokes an agreement: either side suspends or revokes at once; only the owner resumes. */
  async change(
    id: number,
    to: 'SUSPENDED' | 'ACTIVE' | 'REVOKED',
    by: Principal,
    reason: string | null,
    now = new Date(),
  ) {
    if (!(by.can.has('approve-sharing') || by.can.has('request-sharing')))
      throw forbiddenField('changing a sharing agreement needs a data steward (request-sharing or approve-sharing)');
    const record = await this.record(id);
    const side = by.department === record.owner ? 'owner' : by.department === record.requester ? 'requester' : null;
    if (!side) throw forbiddenField(`only a steward of ${record.owner} or ${record.requester} changes agreement ${id}`);
    if (to === 'ACTIVE' && side !== 'owner') throw forbiddenField('only the owner resumes a suspended agreement');
    const from: Record<typeof to, AgreementState[]> = {
      SUSPENDED: ['ACTIVE'],
      ACTIVE: ['SUSPENDED'],
      REVOKED: ['ACTIVE', 'SUSPENDED'],
    };
    if (!from[to].includes(record.state as AgreementState))
      throw badUserInput(`agreement ${id} is ${record.state}: it cannot become ${to}`, 'id');
    record.state = to;
    record.changedBy = by.user;
    record.changedAt = now.toISOString();
    record.reason = reason?.trim() || record.reason;
    return this.save(record);
  }

  /**
   * Counts one read under each of these agreements (its access-log record is written) and returns those
   * this read took past the volume their request stated, once each across every instance: the caller
   * alerts the owner for them.
   */
  async countRead(ids: readonly number[], now = new Date()): Promise<SharingAgreement[]> {
    if (!ids.length) return [];
    const repository = this.db.dataSource.getRepository(SharingAgreementRecord);
    await repository.increment({ id: In([...ids]) }, 'readsUsed', 1);
    const over = await repository
      .createQueryBuilder('a')
      .where('a.id IN (:...ids)', { ids: [...ids] })
      .andWhere('a.readsUsed > a.expectedReads')
      .andWhere('a.overVolumeAt IS NULL')
      .getMany();
    const crossed: SharingAgreement[] = [];
    for (const record of over) {
      // Whoever sets overVolumeAt first alerts; another instance counting the same moment does not.
      const claimed = await repository
        .createQueryBuilder()
        .update()
        .set({ overVolumeAt: now.toISOString() })
        .where('id = :id AND over_volume_at IS NULL', { id: record.id })
        .execute();
      if (claimed.affected === undefined || claimed.affected > 0)
        crossed.push(toAgreement({ ...record, overVolumeAt: now.toISOString() }));
    }
    if (over.length) await this.db.persist();
    return crossed;
  }

  /** Requests and agreements the caller's department owns or asked for, newest first. */
  async list(by: Principal, filter: { state?: AgreementState | null } = {}): Promise<SharingAgreement[]> {
    if (!by.department) return [];
    const records = await this.db.dataSource.getRepository(SharingAgreementRecord).find({
      where: [
        { owner: by.department, ...(filter.state ? { state: filter.state } : {}) },
        { requester: by.department, ...(filter.state ? { state: filter.state } : {}) },
      ],
      order: { id: 'DESC' },
      take: 1000,
    });
    return records.map(toAgreement);
  }

  /** One agreement, for a steward of either side. */
  async get(id: number, by: Principal): Promise<SharingAgreement> {
    const a = toAgreement(await this.record(id));
    if (by.department !== a.owner && by.department !== a.requester)
      throw forbiddenField(`agreement ${id} is between ${a.owner} and ${a.requester}`);
    return a;
  }

  private check(request: SharingRequest, requester: string, now: Date): string {
    const names = [...new Set(request.resources)];
    if (!names.length || names.length > 50) throw badUserInput('name 1 to 50 resources', 'resources');
    const resources = names.map((name) => {
      const resource = this.resourceNamed(name);
      if (!resource) throw badUserInput(`no data resource ${name} (see dataResources)`, 'resources');
      if (resource.sharing === 'none')
        throw badUserInput(`${name} is 不予共享 (not shared): it does not leave its owner`, 'resources');
      if (resource.sharing === 'unconditional')
        throw badUserInput(`${name} is 无条件共享 (unconditional): it needs no agreement`, 'resources');
      return resource;
    });
    const owners = new Set(resources.map((r) => r.owner));
    if (owners.size > 1) throw badUserInput('a request names resources of one owner: file one per owner', 'resources');
    const [owner] = owners as Set<string>;
    if (owner === requester) throw badUserInput(`${requester} owns these resources already`, 'resources');
    if (!this.policy.purposes.has(request.purposeKind))
      throw badUserInput(`purposeKind must be one of ${[...this.policy.purposes.keys()].join(', ')}`, 'purposeKind');
    const basis = request.legalBasis.trim();
    if (!basis || basis.length > 1000) throw badUserInput('legalBasis must be 1 to 1000 characters', 'legalBasis');
    if (!isRegionCode(request.regionCode))
      throw badUserInput('regionCode must be a 6-digit GB/T 2260 code', 'regionCode');
    const roles = [...new Set(request.roles)];
    if (!roles.length || roles.some((role) => !this.policy.roles.has(role)))
      throw badUserInput(`roles must name roles of policies/roles.yaml`, 'roles');
    for (const [field, day] of [
      ['startsOn', request.startsOn],
      ['endsOn', request.endsOn],
    ] as const)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
        throw badUserInput(`${field} must be a date, YYYY-MM-DD`, field);
    const start = Date.parse(`${request.startsOn}T00:00:00Z`);
    const end = Date.parse(`${request.endsOn}T00:00:00Z`);
    if (request.startsOn < dayOf(now)) throw badUserInput('startsOn must be today or later', 'startsOn');
    if (end < start) throw badUserInput('endsOn must not be before startsOn', 'endsOn');
    if (end - start > (MAX_AGREEMENT_DAYS - 1) * DAY)
      throw badUserInput(`an agreement lasts at most one year (${MAX_AGREEMENT_DAYS} days)`, 'endsOn');
    if (!Number.isInteger(request.expectedReads) || request.expectedReads < 1 || request.expectedReads > 1e9)
      throw badUserInput('expectedReads must be 1 to 1,000,000,000', 'expectedReads');
    return owner!;
  }

  private async record(id: number): Promise<SharingAgreementRecord> {
    const record = await this.db.dataSource.getRepository(SharingAgreementRecord).findOneBy({ id });
    if (!record) throw badUserInput(`no sharing request or agreement ${id}`, 'id');
    return record;
  }

  private async save(record: SharingAgreementRecord): Promise<SharingAgreement> {
    await this.db.dataSource.getRepository(SharingAgreementRecord).save(record);
    await this.changed();
    return toAgreement(record);
  }

  private async changed(): Promise<void> {
    await this.db.persist();
    this.active.invalidate();
  }
}
