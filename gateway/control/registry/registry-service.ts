import type { GraphQLSchema } from 'graphql';

import type { GovernedGraph } from '../../request/graph/served-graph';
import { composeGraph, isFederatedSdl, storedGraph, type ComposedGraph } from '../composition/compose-graph';
import { fetchSubgraphSdl } from '../composition/fetch-sdl';
import { checkBreakingChanges } from './checks/breaking-check';
import { checkCandidate } from './checks/run-checks';
import { checkServedSdl } from './checks/served-sdl-check';
import { checkUrl } from './checks/url-check';
import {
  liveRevision,
  type CheckFinding,
  type CompositionVersion,
  type RegistryEvent,
  type SubgraphRevision,
  type SubgraphSpec,
} from './model';
import { RegistryRefusal } from './registry-error';
import type { RegistryChanges, RegistryState, RegistryStore } from './store';

export interface RegistryOptions {
  store: RegistryStore;
  /** Hosts a subgraph URL may point at. */
  allowedHosts: readonly string[];
  /** Signs the schema fetch, as every gateway call is signed. */
  signingSecret: string;
  /** Builds the graph the gateway would serve from a composition (the same function it serves with). */
  buildGraph: (graph: ComposedGraph) => GovernedGraph;
  /** Clock, for tests and for the records. */
  now?: () => Date;
}

export interface RegisterInput {
  name: string;
  url: string;
  /** When absent, fetched from the service (`_service { sdl }`, or introspection for plain GraphQL). */
  sdl?: string | null;
  department: string;
  contact: string;
}

const NAME = /^[a-z][a-z0-9-]{1,40}$/;
type Live = SubgraphSpec & { department: string; revision: number };

/**
 * Self-service registration with checks before anything goes live: the URL and host, reachability,
 * composition with the approved subgraphs, breaking changes against the live graph, ownership of
 * other departments' fields, classification coverage. Approval is by someone other than the
 * registrant; each approval makes a new numbered, immutable composition.
 */
export class RegistryService {
  constructor(private readonly options: RegistryOptions) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private liveSpecs(state: RegistryState): Live[] {
    return Object.values(state.subgraphs).flatMap((record) => {
      const r = liveRevision(record);
      return r
        ? [
            {
              name: r.name,
              url: r.url,
              sdl: r.sdl,
              federated: r.federated,
              department: r.department,
              revision: r.revision,
            },
          ]
        : [];
    });
  }

  private async liveSchema(state: RegistryState): Promise<GraphQLSchema | null> {
    if (state.live === null) return null;
    const live = await this.options.store.composition(state.live);
    return live ? this.options.buildGraph(storedGraph(live)).schema : null;
  }

  async register(input: RegisterInput, actor: string): Promise<SubgraphRevision> {
    try {
      return await this.registerChecked(input, actor);
    } catch (error) {
      // Refusals before the checks (name, URL, reachability) are recorded too: who tried what, and when.
      if (error instanceof RegistryRefusal && !error.recorded) {
        const event: RegistryEvent = {
          at: this.now(),
          actor,
          action: 'register',
          subgraph: input.name,
          detail: `refused: ${error.message}`,
        };
        await this.options.store.transact(async (state) => ({
          state,
          changes: { compositions: [], events: [event] },
          result: undefined,
        }));
      }
      throw error;
    }
  }

  private async registerChecked(input: RegisterInput, actor: string): Promise<SubgraphRevision> {
    if (!NAME.test(input.name))
      throw new RegistryRefusal('name must be 2-41 lower-case letters, digits or dashes, starting with a letter');
    if (!input.department.trim()) throw new RegistryRefusal('department is required');
    const urlFindings = checkUrl(input.url, this.options.allowedHosts);
    if (urlFindings.length)
      throw new RegistryRefusal(
        `subgraph ${input.name} refused: ${urlFindings.map((f) => f.message).join('; ')}`,
        urlFindings,
      );
    let served: string;
    try {
      served = await fetchSubgraphSdl(
        { name: input.name, url: input.url, federated: input.sdl ? isFederatedSdl(input.sdl) : true },
        this.options.signingSecret,
        5000,
      ).catch(async (error: unknown) => {
        // A plain GraphQL service has no _service field: ask by introspection instead.
        if (input.sdl && isFederatedSdl(input.sdl)) throw error;
        return fetchSubgraphSdl(
          { name: input.name, url: input.url, federated: false },
          this.options.signingSecret,
          5000,
        );
      });
    } catch (error) {
      const finding: CheckFinding = { check: 'reachability', severity: 'error', message: (error as Error).message };
      throw new RegistryRefusal(`subgraph ${input.name} refused: ${finding.message}`, [finding]);
    }
    const candidateSdl = input.sdl ?? served;
    if (input.sdl) {
      let findings: CheckFinding[];
      try {
        findings = checkServedSdl(input.sdl, served);
      } catch (error) {
        findings = [{ check: 'sdl', severity: 'error', message: `SDL does not parse: ${(error as Error).message}` }];
      }
      if (findings.length)
        throw new RegistryRefusal(
          `subgraph ${input.name} refused: ${findings.map((f) => f.message).join('; ')}`,
          findings,
        );
    }
    return this.options.store
      .transact(async (state) => {
        const existing = state.subgraphs[input.name];
        if (existing && existing.department !== input.department) {
          throw new RegistryRefusal(
            `subgraph ${input.name} belongs to ${existing.department}; ${input.department} cannot register it`,
          );
        }
        const candidate = {
          name: input.name,
          url: input.url,
          sdl: candidateSdl,
          federated: isFederatedSdl(candidateSdl),
          department: input.department,
        };
        const result = checkCandidate({
          candidate,
          live: this.liveSpecs(state),
          liveSchema: await this.liveSchema(state),
          buildGraph: this.options.buildGraph,
        });
        const errors = result.findings.filter((f) => f.severity === 'error');
        const record = existing ?? { name: input.name, department: input.department, revisions: [] };
        const revision: SubgraphRevision = {
          ...candidate,
          revision: record.revisions.length + 1,
          contact: input.contact,
          status: errors.length ? 'REJECTED' : 'PENDING',
          registeredBy: actor,
          registeredAt: this.now(),
          ownerApprovals: [],
          findings: result.findings,
          ...(errors.length
            ? { decidedBy: 'registry checks', decidedAt: this.now(), reason: errors.map((e) => e.message).join('; ') }
            : {}),
        };
        record.revisions.push(revision);
        state.subgraphs[input.name] = record;
        const event: RegistryEvent = {
          at: this.now(),
          actor,
          action: 'register',
          subgraph: input.name,
          revision: revision.revision,
          detail: revision.status,
        };
        return { state, changes: { compositions: [], events: [event] }, result: revision };
      })
      .then((revision) => {
        if (revision.status === 'REJECTED') {
          const errors = revision.findings.filter((f) => f.severity === 'error');
          const refusal = new RegistryRefusal(
            `subgraph ${input.name} refused: ${errors.map((e) => e.message).join('; ')}`,
            revision.findings,
          );
          refusal.extensions['recorded'] = true;
          throw refusal;
        }
        return revision;
      });
  }

  /** The owner of fields a revision takes over agrees to it. */
  async approveOwnership(name: string, revision: number, department: string, actor: string): Promise<SubgraphRevision> {
    return this.options.store.transact(async (state) => {
      const r = this.pending(state, name, revision);
      if (!r.findings.some((f) => f.check === 'ownership' && f.owner === department)) {
        throw new RegistryRefusal(`revision ${revision} of ${name} takes no field owned by ${department}`);
      }
      if (!r.ownerApprovals.includes(department)) r.ownerApprovals.push(department);
      const event: RegistryEvent = {
        at: this.now(),
        actor,
        action: 'owner-approve',
        subgraph: name,
        revision,
        detail: department,
      };
      return { state, changes: { compositions: [], events: [event] }, result: r };
    });
  }

  async approve(name: string, revision: number, actor: string, force = false): Promise<CompositionVersion> {
    return this.options.store.transact(async (state) => {
      const r = this.pending(state, name, revision);
      if (r.registeredBy === actor)
        throw new RegistryRefusal(
          `two-person rule: ${actor} registered ${name} r${revision} and cannot also approve it`,
        );
      // Checked again: the live graph may have moved since registration.
      const result = checkCandidate({
        candidate: r,
        live: this.liveSpecs(state),
        liveSchema: await this.liveSchema(state),
        buildGraph: this.options.buildGraph,
      });
      r.findings = result.findings;
      const blocking = result.findings.filter(
        (f) =>
          f.severity === 'error' ||
          (f.check === 'breaking-change' && !force) ||
          (f.check === 'ownership' && !r.ownerApprovals.includes(f.owner ?? '')),
      );
      if (blocking.length) {
        throw new RegistryRefusal(
          `${name} r${revision} cannot go live: ${blocking.map((f) => f.message).join('; ')}`,
          blocking,
        );
      }
      for (const other of state.subgraphs[name]!.revisions) if (other.status === 'APPROVED') other.status = 'RETIRED';
      Object.assign(r, {
        status: 'APPROVED',
        decidedBy: actor,
        decidedAt: this.now(),
        ...(force ? { reason: 'forced past breaking changes' } : {}),
      });
      // The checks composed exactly the graph that now goes live: no need to compose it again.
      return this.publish(
        state,
        actor,
        `approve ${name} r${revision}${force ? ' (forced)' : ''}`,
        { action: 'approve', subgraph: name, revision },
        result.graph,
      );
    });
  }

  async reject(name: string, revision: number, actor: string, reason: string): Promise<SubgraphRevision> {
    return this.options.store.transact(async (state) => {
      const r = this.pending(state, name, revision);
      Object.assign(r, { status: 'REJECTED', decidedBy: actor, decidedAt: this.now(), reason });
      const event: RegistryEvent = {
        at: this.now(),
        actor,
        action: 'reject',
        subgraph: name,
        revision,
        detail: reason,
      };
      return { state, changes: { compositions: [], events: [event] }, result: r };
    });
  }

  /** Takes a subgraph out of the graph; its fields disappear, which is breaking unless forced. */
  async retire(name: string, actor: string, force = false): Promise<CompositionVersion> {
    return this.options.store.transact(async (state) => {
      const record = state.subgraphs[name];
      const live = record && liveRevision(record);
      if (!record || !live) throw new RegistryRefusal(`${name} has no live revision to retire`);
      const remaining = this.liveSpecs(state).filter((s) => s.name !== name);
      const breaking = checkBreakingChanges(
        await this.liveSchema(state),
        this.options.buildGraph(composeGraph(remaining)).schema,
      );
      if (breaking.length && !force)
        throw new RegistryRefusal(
          `retiring ${name} would break clients: ${breaking.map((f) => f.message).join('; ')}`,
          breaking,
        );
      live.status = 'RETIRED';
      Object.assign(live, { decidedBy: actor, decidedAt: this.now(), reason: 'retired' });
      return this.publish(state, actor, `retire ${name}`, {
        action: 'retire',
        subgraph: name,
        revision: live.revision,
      });
    });
  }

  /** Serves an earlier composition again: one step, recorded like any other change. */
  async rollback(version: number, actor: string): Promise<CompositionVersion> {
    return this.options.store.transact(async (state) => {
      const target = await this.options.store.composition(version);
      if (!target) throw new RegistryRefusal(`there is no composition ${version}`);
      const event: RegistryEvent = { at: this.now(), actor, action: 'rollback', version, detail: `from ${state.live}` };
      state.live = version;
      return { state, changes: { compositions: [], events: [event] }, result: target };
    });
  }

  /** The first composition of a new registry: the subgraphs the operator configured, approved by the system. */
  async bootstrap(
    specs: ReadonlyArray<SubgraphSpec & { department: string }>,
    actor: string,
  ): Promise<CompositionVersion | null> {
    return this.options.store.transact(async (state) => {
      if (state.live !== null) return { state, changes: { compositions: [], events: [] }, result: null };
      for (const spec of specs) {
        state.subgraphs[spec.name] = {
          name: spec.name,
          department: spec.department,
          revisions: [this.approvedBySystem({ ...spec, revision: 1 }, actor)],
        };
      }
      const composition = this.compose(state, actor, 'bootstrap from configuration');
      const event: RegistryEvent = {
        at: this.now(),
        actor,
        action: 'bootstrap',
        version: composition.version,
        detail: specs.map((s) => s.name).join(', '),
      };
      return { state, changes: { compositions: [composition], events: [event] }, result: composition };
    });
  }

  /**
   * Addresses given at start (SUBGRAPH_<NAME>_URL) win over the ones the live composition was made with:
   * a subgraph that moved gets a revision at its new address, approved by the system, and one new
   * composition says so. The schema served there must be the live revision's, or nothing changes and
   * the start is refused: a changed address never smuggles in a schema the registry has not checked.
   */
  async readdress(
    configured: ReadonlyArray<{ name: string; url: string; sdl: string; variable: string }>,
    actor: string,
  ): Promise<CompositionVersion | null> {
    return this.options.store.transact(async (state) => {
      const moved: string[] = [];
      for (const address of configured) {
        const record = state.subgraphs[address.name];
        const live = record && liveRevision(record);
        if (!record || !live || live.url === address.url) continue;
        if (address.sdl.trim() !== live.sdl.trim())
          throw new RegistryRefusal(
            `${address.variable}=${address.url}: what answers there serves another schema than ${address.name} r${live.revision} (live at ${live.url}); register it through the registry, or point ${address.variable} at the ${address.name} subgraph`,
          );
        live.status = 'RETIRED';
        const revision = Math.max(...record.revisions.map((r) => r.revision)) + 1;
        record.revisions.push(
          this.approvedBySystem(
            { ...live, url: address.url, revision },
            actor,
            `address from configuration (${address.variable}), was ${live.url}`,
          ),
        );
        moved.push(`${address.name} ${live.url} → ${address.url}`);
      }
      if (!moved.length) return { state, changes: { compositions: [], events: [] }, result: null };
      return this.publish(state, actor, `addresses from configuration: ${moved.join(', ')}`, {
        action: 'readdress',
        detail: moved.join(', '),
      });
    });
  }

  /** Rebuilds an empty store (e.g. a Redis that lost its data) from the durable history. */
  async restore(
    saved: { live: number; compositions: CompositionVersion[] },
    actor: string,
  ): Promise<CompositionVersion | null> {
    return this.options.store.transact(async (state) => {
      const live = saved.compositions.find((c) => c.version === saved.live);
      if (state.live !== null || !live) return { state, changes: { compositions: [], events: [] }, result: null };
      for (const s of live.subgraphs) {
        state.subgraphs[s.name] = {
          name: s.name,
          department: s.department,
          revisions: [this.approvedBySystem(s, actor, `restored from history (composition ${live.version})`)],
        };
      }
      state.live = live.version;
      state.lastVersion = Math.max(...saved.compositions.map((c) => c.version));
      const event: RegistryEvent = {
        at: this.now(),
        actor,
        action: 'restore',
        version: live.version,
        detail: `${saved.compositions.length} compositions restored from history`,
      };
      return { state, changes: { compositions: [], events: [event], restored: saved.compositions }, result: live };
    });
  }

  /** A revision the system itself puts live (bootstrap, restore): no registrant, no checks to show. */
  private approvedBySystem(
    spec: SubgraphSpec & { department: string; revision: number },
    actor: string,
    reason?: string,
  ): SubgraphRevision {
    const at = this.now();
    return {
      ...spec,
      contact: '',
      status: 'APPROVED',
      registeredBy: actor,
      registeredAt: at,
      decidedBy: actor,
      decidedAt: at,
      ...(reason ? { reason } : {}),
      ownerApprovals: [],
      findings: [],
    };
  }

  private pending(state: RegistryState, name: string, revision: number): SubgraphRevision {
    const r = state.subgraphs[name]?.revisions.find((x) => x.revision === revision);
    if (!r) throw new RegistryRefusal(`there is no revision ${revision} of ${name}`);
    if (r.status !== 'PENDING') throw new RegistryRefusal(`${name} r${revision} is ${r.status}, not PENDING`);
    return r;
  }

  private publish(
    state: RegistryState,
    actor: string,
    reason: string,
    event: Omit<RegistryEvent, 'at' | 'actor'>,
    composed?: ComposedGraph,
  ) {
    const composition = this.compose(state, actor, reason, composed);
    const changes: RegistryChanges = {
      compositions: [composition],
      events: [{ at: this.now(), actor, ...event, version: composition.version }],
    };
    return { state, changes, result: composition };
  }

  /** A new numbered composition of the live revisions, made live. */
  private compose(state: RegistryState, actor: string, reason: string, composed?: ComposedGraph): CompositionVersion {
    const subgraphs = this.liveSpecs(state).sort((a, b) => a.name.localeCompare(b.name));
    const graph = composed ?? composeGraph(subgraphs);
    if (!composed) this.options.buildGraph(graph);
    const composition: CompositionVersion = {
      version: state.lastVersion + 1,
      createdAt: this.now(),
      createdBy: actor,
      reason,
      subgraphs,
      supergraphSdl: graph.supergraphSdl,
    };
    state.lastVersion = composition.version;
    state.live = composition.version;
    return composition;
  }
}
