import { IsNull, MoreThan } from 'typeorm';

import type { SubgraphDatabase } from '../../../common/database/database';
import { badUserInput } from '../../../common/errors';
import { isRegionCode } from '../../../common/identifiers/region-code';
import { RegionGrantRecord } from '../../database/entities/region-grant-record';
import type { Policy } from '../../policy/policy-model';
import { SharedTableCopy } from '../access/shared-table-copy';

/** Longest grant; a longer inspection is granted again, so that someone looks at it again. */
export const MAX_GRANT_DAYS = 90;

export interface GrantRequest {
  grantee: string;
  regionCode: string;
  caseNumber: string;
  purposeText: string;
  expiresAt: string;
}

export interface RegionGrant extends GrantRequest {
  id: number;
  grantedBy: string;
  grantedAt: string;
  revokedBy: string | null;
  revokedAt: string | null;
}

const toGrant = (r: RegionGrantRecord): RegionGrant => ({ ...r });

/** A grant is in force from when it is made until it expires or is revoked. */
export const inForce = (grant: RegionGrant, now: Date): boolean =>
  grant.revokedAt === null && Date.parse(grant.expiresAt) > now.getTime();

/**
 * Cross-region grants (异地监察) in the gateway's database, shared by every gateway instance. Requests
 * read them from this instance's copy (a grant or revocation made on another instance applies within
 * `refreshMs`); expiry is checked on every request against the clock.
 */
export class RegionGrants {
  private readonly copy: SharedTableCopy<RegionGrant>;

  constructor(
    private readonly db: SubgraphDatabase,
    private readonly policy: Policy,
    refreshMs = 2000,
  ) {
    this.copy = new SharedTableCopy(
      () => this.list({}),
      refreshMs,
      'cross-region grants could not be loaded; requests get none',
    );
  }

  /** Grants in force for this user and case number (the case stated in the request's purpose). */
  async applicable(user: string, caseNumber: string | null, now = new Date()): Promise<RegionGrant[]> {
    if (caseNumber === null) return [];
    const grants = await this.copy.rows(now);
    return grants.filter((g) => g.grantee === user && g.caseNumber === caseNumber && inForce(g, now));
  }

  async grant(request: GrantRequest, grantedBy: string, now = new Date()): Promise<RegionGrant> {
    this.check(request, grantedBy, now);
    const repository = this.db.dataSource.getRepository(RegionGrantRecord);
    const saved = await repository.save(
      repository.create({
        ...request,
        expiresAt: new Date(request.expiresAt).toISOString(),
        grantedBy,
        grantedAt: now.toISOString(),
        revokedBy: null,
        revokedAt: null,
      }),
    );
    await this.changed();
    return toGrant(saved);
  }

  async revoke(id: number, revokedBy: string, now = new Date()): Promise<RegionGrant> {
    const repository = this.db.dataSource.getRepository(RegionGrantRecord);
    const record = await repository.findOneBy({ id });
    if (!record) throw badUserInput(`no grant ${id}`, 'id');
    if (record.revokedAt === null) {
      record.revokedAt = now.toISOString();
      record.revokedBy = revokedBy;
      await repository.save(record);
      await this.changed();
    }
    return toGrant(record);
  }

  /** Newest first; only those in force unless `all`. */
  async list(options: { all?: boolean; grantee?: string | null } = {}, now = new Date()): Promise<RegionGrant[]> {
    const where = {
      ...(options.grantee ? { grantee: options.grantee } : {}),
      ...(options.all ? {} : { revokedAt: IsNull(), expiresAt: MoreThan(now.toISOString()) }),
    };
    const records = await this.db.dataSource
      .getRepository(RegionGrantRecord)
      .find({ where, order: { id: 'DESC' }, take: 1000 });
    return records.map(toGrant);
  }

  private check(request: GrantRequest, grantedBy: string, now: Date): void {
    if (!/^[\w.@-]{1,128}$/.test(request.grantee))
      throw badUserInput('grantee must be a user name of 1 to 128 letters, digits, . _ @ -', 'grantee');
    if (request.grantee === grantedBy) throw badUserInput('nobody may grant themselves a wider scope', 'grantee');
    if (!isRegionCode(request.regionCode))
      throw badUserInput('regionCode must be a 6-digit GB/T 2260 code', 'regionCode');
    if (![...this.policy.purposes.values()].some((kind) => kind.caseNumber.test(request.caseNumber))) {
      throw badUserInput(
        `caseNumber ${request.caseNumber} is not of any purpose kind in policies/purposes.yaml`,
        'caseNumber',
      );
    }
    const text = request.purposeText.trim();
    if (text.length === 0 || text.length > 500)
      throw badUserInput('purposeText must be 1 to 500 characters', 'purposeText');
    const expires = Date.parse(request.expiresAt);
    if (Number.isNaN(expires)) throw badUserInput('expiresAt must be an ISO 8601 time', 'expiresAt');
    if (expires <= now.getTime()) throw badUserInput('expiresAt must be in the future', 'expiresAt');
    if (expires > now.getTime() + MAX_GRANT_DAYS * 86_400_000)
      throw badUserInput(`a grant lasts at most ${MAX_GRANT_DAYS} days`, 'expiresAt');
  }

  private async changed(): Promise<void> {
    await this.db.persist();
    this.copy.invalidate();
  }
}
