import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';

import { checkRegionCode } from '../../../common/arguments';
import { badUserInput, ErrorCode } from '../../../common/errors';
import { ComplaintEntity } from '../entities/complaint';
import { LeadEntity } from '../entities/lead';
import type { LeadStore } from '../leads/lead-store';

const hash = promisify(scrypt) as (secret: string, salt: Buffer, length: number) => Promise<Buffer>;

/** Wrong secrets in a row before a tracking number is locked, and for how long. */
const MAX_FAILED_CHECKS = 5;
const LOCK_MS = 15 * 60_000;

/** What the citizen sees of their complaint: never names, notes or who handles it. */
export interface ComplaintStatus {
  trackingNumber: string;
  state: 'RECEIVED' | 'IN_PROGRESS' | 'CONCLUDED';
  publicReply: string | null;
  receivedOn: string;
}

const PUBLIC_STATE: Record<string, ComplaintStatus['state']> = {
  REGISTERED: 'RECEIVED',
  CLOSED: 'CONCLUDED',
};

/** One answer for an unknown number, a wrong secret and a locked number: the desk is no oracle. */
const notFound = () =>
  new GraphQLError('no complaint with this tracking number and secret', {
    extensions: { code: ErrorCode.BAD_USER_INPUT },
  });

async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${(await hash(secret, salt, 32)).toString('hex')}`;
}

async function secretMatches(secret: string, stored: string): Promise<boolean> {
  const [salt, expected] = stored.split(':') as [string, string];
  const actual = await hash(secret, Buffer.from(salt, 'hex'), 32);
  return timingSafeEqual(actual, Buffer.from(expected, 'hex'));
}

function checkText(value: string, argument: string, min: number, max: number): string {
  const text = value.trim();
  if (text.length < min || text.length > max)
    throw badUserInput(`${argument} must be ${min} to ${max} characters`, argument);
  return text;
}

/**
 * 与民互动: the public complaint desk. Anyone may file (the gateway's anonymous rate limit applies);
 * the complaint becomes a lead of kind COMPLAINT in the region named; the answer is the tracking number
 * alone. The citizen reads back only the public state and the reply supervisors wrote for them.
 */
export class ComplaintDesk {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leads: LeadStore,
    private readonly persist: () => Promise<void>,
  ) {}

  async file(input: { regionCode: string; text: string; contact?: string | null; secret: string }): Promise<string> {
    const regionCode = checkRegionCode(input.regionCode);
    const text = checkText(input.text, 'text', 10, 2000);
    const secret = checkText(input.secret, 'secret', 8, 128);
    const contact = input.contact ? checkText(input.contact, 'contact', 3, 64) : null;
    const lead = await this.leads.register(
      {
        source: 'COMPLAINT',
        kind: 'COMPLAINT',
        regionCode,
        orgUscc: null,
        personKey: null,
        summary: text.length > 500 ? `${text.slice(0, 497)}...` : text,
      },
      'public',
    );
    const trackingNumber = `TS${new Date().getUTCFullYear()}${String(randomInt(0, 1e10)).padStart(10, '0')}`;
    await this.dataSource.getRepository(ComplaintEntity).insert({
      trackingNumber,
      secretHash: await hashSecret(secret),
      leadId: lead.id,
      regionCode,
      text,
      contact,
      createdAt: new Date().toISOString(),
      publicReply: null,
      failedChecks: 0,
      lockedUntil: null,
    });
    await this.persist();
    return trackingNumber;
  }

  async status(trackingNumber: string, secret: string): Promise<ComplaintStatus> {
    const repository = this.dataSource.getRepository(ComplaintEntity);
    const complaint = await repository.findOneBy({ trackingNumber: trackingNumber.trim() });
    if (!complaint || secret.length > 128) throw notFound();
    if (complaint.lockedUntil && complaint.lockedUntil > new Date().toISOString()) throw notFound();
    if (!(await secretMatches(secret, complaint.secretHash))) {
      const failed = complaint.failedChecks + 1;
      await repository.update(
        { id: complaint.id },
        failed >= MAX_FAILED_CHECKS
          ? { failedChecks: 0, lockedUntil: new Date(Date.now() + LOCK_MS).toISOString() }
          : { failedChecks: failed },
      );
      await this.persist();
      throw notFound();
    }
    if (complaint.failedChecks) await repository.update({ id: complaint.id }, { failedChecks: 0 });
    const lead = await this.dataSource.getRepository(LeadEntity).findOneByOrFail({ id: complaint.leadId });
    return {
      trackingNumber: complaint.trackingNumber,
      state: PUBLIC_STATE[lead.state] ?? 'IN_PROGRESS',
      publicReply: complaint.publicReply,
      receivedOn: complaint.createdAt.slice(0, 10),
    };
  }

  /** A supervisor's reply to the citizen, on the complaint behind a lead in their scope. */
  async reply(leadId: number, reply: string): Promise<void> {
    const text = checkText(reply, 'reply', 1, 1000);
    const result = await this.dataSource.getRepository(ComplaintEntity).update({ leadId }, { publicReply: text });
    if (!result.affected) throw badUserInput(`lead ${leadId} did not come from a complaint`, 'id');
    await this.persist();
  }
}
