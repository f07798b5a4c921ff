import { isRegionCode, regionCovers } from '../../../common/identifiers/region-code';
import { nodeId, type NodeStatus, type RegionalNode } from '../../../common/regional-nodes/regional-node';
import { isFederatedSdl } from '../composition/compose-graph';
import { fetchSubgraphSdl } from '../composition/fetch-sdl';
import { checkUrl } from '../registry/checks/url-check';
import { liveRevision } from '../registry/model';
import { RegistryRefusal } from '../registry/registry-error';
import type { RegistryStore } from '../registry/store';
import { checkNodeSchema } from './node-schema-check';
import type { NodeEvent, NodeStore } from './node-store';

/** Who changes a node: a person with administer-nodes over a region, or a static admin token (any region). */
export interface NodeActor {
  user: string;
  /** The region they answer for; null with `anyRegion` (a static admin token). */
  region: string | null;
  anyRegion: boolean;
}

export interface RegisterNodeInput {
  system: string;
  regionCode: string;
  url: string;
  office: string;
  contact: string;
}

type Change = 'approve' | 'reject' | 'suspend' | 'resume' | 'retire';

/** From which statuses each change may be made, and to which it leads. */
const CHANGES: Record<Change, { from: NodeStatus[]; to: NodeStatus }> = {
  approve: { from: ['PENDING'], to: 'ACTIVE' },
  reject: { from: ['PENDING'], to: 'REJECTED' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  resume: { from: ['SUSPENDED'], to: 'ACTIVE' },
  retire: { from: ['PENDING', 'ACTIVE', 'SUSPENDED'], to: 'RETIRED' },
};

const refuse = (message: string) => new RegistryRefusal(message);

/**
 * The node registry (区域节点登记): a region's office registers its running copy of a system; a second
 * person with authority over that region approves it; either may suspend or retire it. A node must
 * serve its system's schema (asked of the node itself, signed with the node's own key) and cover a
 * region no other node of the system holds. Nothing here composes: the served graph is the same, only
 * where its fetches go changes, on every instance at once.
 */
export class NodeService {
  constructor(
    private readonly nodes: NodeStore,
    private readonly registry: RegistryStore,
    private readonly options: { allowedHosts: readonly string[]; signingSecret: string },
  ) {}

  async register(input: RegisterNodeInput, by: NodeActor, now = new Date()): Promise<RegionalNode> {
    const { system, regionCode } = input;
    if (!isRegionCode(regionCode)) throw refuse('regionCode must be a 6-digit GB/T 2260 code');
    this.authority(by, regionCode);
    const record = (await this.registry.read()).subgraphs[system];
    const revision = record && liveRevision(record);
    if (!revision)
      throw refuse(`no system ${system} is served: register the subgraph first (npm run subgraph -- register)`);
    const office = input.office.trim();
    const contact = input.contact.trim();
    if (!office || office.length > 200) throw refuse('office must be 1 to 200 characters');
    if (!contact || contact.length > 200) throw refuse('contact must be 1 to 200 characters');
    const urlFindings = checkUrl(input.url, this.options.allowedHosts);
    if (urlFindings.length) throw new RegistryRefusal(urlFindings[0]!.message, urlFindings);
    const id = nodeId(system, regionCode);
    let served: string;
    try {
      served = await fetchSubgraphSdl(
        { name: id, url: input.url, federated: isFederatedSdl(revision.sdl) },
        this.options.signingSecret,
      );
    } catch (error) {
      throw refuse(`the node could not be asked for its schema: ${(error as Error).message}`);
    }
    const verdict = checkNodeSchema(revision.sdl, served);
    if ('refused' in verdict) throw refuse(verdict.refused);
    const node: RegionalNode = {
      id,
      system,
      regionCode,
      url: input.url,
      office,
      contact,
      status: 'PENDING',
      schema: verdict.schema,
      registeredBy: by.user,
      registeredAt: now.toISOString(),
      decidedBy: null,
      decidedAt: null,
      changedBy: null,
      changedAt: null,
      reason: null,
    };
    const event = { at: node.registeredAt, actor: by.user, action: 'register', node: id } as const;
    if (!(await this.nodes.create(node, event))) {
      const holder = (await this.nodes.all()).find(
        (n) => n.system === system && n.regionCode === regionCode && n.id !== id && n.status !== 'RETIRED',
      );
      throw refuse(
        `${system} already has a node for ${regionCode}${holder ? ` (${holder.id}, ${holder.status})` : ''}: retire it first`,
      );
    }
    return node;
  }

  /** Approves, rejects, suspends, resumes or retires a node; the registrant never approves their own. */
  async change(id: string, change: Change, by: NodeActor, reason: string | null, now = new Date()) {
    const node = await this.nodes.get(id);
    if (!node) throw refuse(`no node ${id}`);
    this.authority(by, node.regionCode);
    const rule = CHANGES[change];
    if (!rule.from.includes(node.status)) throw refuse(`node ${id} is ${node.status}: it cannot be ${change}d`);
    if ((change === 'approve' || change === 'reject') && by.user === node.registeredBy)
      throw refuse(`nobody decides a node they registered (${node.registeredBy}): a second person approves`);
    const at = now.toISOString();
    const next: RegionalNode = { ...node, status: rule.to };
    if (change === 'approve' || change === 'reject') Object.assign(next, { decidedBy: by.user, decidedAt: at });
    else Object.assign(next, { changedBy: by.user, changedAt: at });
    if (reason?.trim()) next.reason = reason.trim().slice(0, 500);
    const event: NodeEvent = {
      at,
      actor: by.user,
      action: change,
      node: id,
      ...(next.reason ? { detail: next.reason } : {}),
    };
    await this.nodes.update(next, event);
    return next;
  }

  list(filter: { system?: string | null; status?: NodeStatus | null; region?: string | null } = {}) {
    return this.nodes
      .all()
      .then((all) =>
        all
          .filter(
            (n) =>
              (!filter.system || n.system === filter.system) &&
              (!filter.status || n.status === filter.status) &&
              (!filter.region || (isRegionCode(filter.region) && regionCovers(filter.region, n.regionCode))),
          )
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
  }

  events(last: number): Promise<NodeEvent[]> {
    return this.nodes.events(last);
  }

  /** Only someone answering for the node's region (or above it) changes it. */
  private authority(by: NodeActor, regionCode: string): void {
    if (by.anyRegion) return;
    if (!by.region || !regionCovers(by.region, regionCode))
      throw refuse(`${by.user} has no authority over region ${regionCode} (their region is ${by.region ?? 'none'})`);
  }
}
