import { GraphQLError } from 'graphql';

import { checkPersonKey, checkRegionCode, checkUsccShape } from '../../../common/arguments';
import { badUserInput, forbiddenField } from '../../../common/errors';
import type { SubgraphAccess } from '../../../common/gateway-signature';
import type { RegionScope } from '../../common/region-scope';
import type { LeadEntity } from '../entities/lead';
import type { LeadStore, StepRecord } from './lead-store';
import { refusalOf, REGISTERING_ROLES, todayUtc, type LeadAction } from './lifecycle';

const KIND = /^[A-Z][A-Z0-9_]{1,39}$/;

function text(value: string | null | undefined, argument: string, max: number, required: boolean): string | null {
  const trimmed = value?.trim() ?? '';
  if (!trimmed) {
    if (required) throw badUserInput(`${argument} must not be empty`, argument);
    return null;
  }
  if (trimmed.length > max) throw badUserInput(`${argument} is at most ${max} characters`, argument);
  return trimmed;
}

/** The lead workflow for one caller: every move checked against the lifecycle and their scope, then recorded. */
export class LeadService {
  constructor(
    private readonly store: LeadStore,
    private readonly access: SubgraphAccess,
    private readonly scope: RegionScope,
  ) {}

  async register(input: {
    kind: string;
    regionCode: string;
    orgUscc?: string | null;
    personKey?: string | null;
    summary: string;
  }): Promise<LeadEntity> {
    if (!REGISTERING_ROLES.some((role) => this.access.roles.includes(role)))
      throw forbiddenField(`registering a lead needs the role ${REGISTERING_ROLES.join(' or ')}`);
    if (!KIND.test(input.kind)) throw badUserInput('kind must be an upper-case code, e.g. PAID_NOT_ON_ROLL', 'kind');
    const regionCode = this.scope.mustCover(checkRegionCode(input.regionCode));
    return this.store.register(
      {
        source: 'SUPERVISOR',
        kind: input.kind,
        regionCode,
        orgUscc: input.orgUscc ? checkUsccShape(input.orgUscc, 'orgUscc') : null,
        personKey: input.personKey ? checkPersonKey(input.personKey) : null,
        summary: text(input.summary, 'summary', 500, true)!,
      },
      this.access.user,
    );
  }

  assign(id: string, orgUscc: string, deadline: string, note: string | null | undefined) {
    if (deadline < todayUtc()) throw badUserInput('deadline must not be in the past', 'deadline');
    return this.move(id, 'assign', {
      orgUscc: checkUsccShape(orgUscc, 'orgUscc'),
      deadline,
      note: text(note, 'note', 2000, false),
    });
  }

  verify(id: string, note: string | null | undefined) {
    return this.move(id, 'verify', { note: text(note, 'note', 2000, false) });
  }

  confirm(id: string, note: string) {
    return this.move(id, 'confirm', { note: text(note, 'note', 2000, true) });
  }

  rectify(id: string, input: { text: string; amountRecovered?: number | null; documents?: readonly string[] | null }) {
    const amount = input.amountRecovered ?? null;
    if (amount !== null && (!Number.isFinite(amount) || amount < 0 || amount > 1e12))
      throw badUserInput('amountRecovered must be a non-negative amount in yuan', 'amountRecovered');
    const documents = (input.documents ?? []).map((d) => text(d, 'documents', 128, true)!);
    if (documents.length > 20) throw badUserInput('at most 20 documents', 'documents');
    return this.move(id, 'rectify', {
      note: text(input.text, 'text', 2000, true),
      amountRecovered: amount,
      documents,
    });
  }

  close(id: string, note: string) {
    return this.move(id, 'close', { note: text(note, 'note', 2000, true) });
  }

  return(id: string, reason: string) {
    return this.move(id, 'return', { note: text(reason, 'reason', 2000, true) });
  }

  /** Escalation of the leads in a supervisor's scope, as the schedule runs it for all. */
  async escalateOverdue(asOf: string | null | undefined): Promise<LeadEntity[]> {
    if (!this.access.roles.includes('supervisor'))
      throw forbiddenField('escalating overdue leads needs the role supervisor');
    // Never ahead of time: a date in the future would escalate leads that are not yet overdue.
    if (asOf && asOf > todayUtc()) throw badUserInput('asOf must not be after today', 'asOf');
    return this.store.escalateOverdue(asOf ?? todayUtc(), this.scope);
  }

  /** The lead a supervisor replies to the citizen on. */
  async forReply(id: string): Promise<LeadEntity> {
    if (!this.access.roles.includes('supervisor'))
      throw forbiddenField('replying to a complaint needs the role supervisor');
    return this.inScope(id);
  }

  private async inScope(id: string): Promise<LeadEntity> {
    const numeric = Number(id);
    const lead = Number.isSafeInteger(numeric) && numeric > 0 ? await this.store.find(numeric, this.scope) : null;
    if (!lead) throw badUserInput(`no lead ${id} in your region scope`, 'id');
    return lead;
  }

  private async move(id: string, action: LeadAction, record: StepRecord): Promise<LeadEntity> {
    const lead = await this.inScope(id);
    const refusal = refusalOf(action, lead, this.access);
    if (refusal) throw new GraphQLError(refusal.message, { extensions: { code: refusal.code } });
    return this.store.move(lead, action, this.access.user, record);
  }
}
