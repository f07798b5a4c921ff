import { SHARING_LABELS, type DataResource, type SharingType } from '../../policy/catalog-model';
import { readsByStatute } from '../../policy/catalog-rules';
import { levelRank, type Level } from '../../policy/levels';
import type { Policy } from '../../policy/policy-model';
import { schemaFields } from '../../policy/schema-rules';
import type { GovernedGraph } from '../../request/graph/served-graph';

export interface DataResourceFilter {
  owner?: string | null;
  sharing?: Uppercase<SharingType> | null;
  system?: string | null;
  text?: string | null;
}

export const departmentView = (policy: Policy, name: string) => {
  const d = policy.departments.get(name);
  return { name, label: d?.label ?? name, statutoryBasis: d?.statutory?.basis ?? null };
};

/**
 * The catalog as the governance API lists it: the policy's resources and those the served graph's
 * subgraphs declare, each with its fields in the graph served now and their grades. Metadata only:
 * nothing of the data itself.
 */
export function listDataResources(policy: Policy, graph: GovernedGraph, filter: DataResourceFilter = {}) {
  const { catalog } = graph.rules;
  const fieldsOf = new Map<string, string[]>();
  for (const coordinate of schemaFields(graph.schema).keys()) {
    const [type, field] = coordinate.split('.') as [string, string];
    for (const r of catalog.of(type, field)) {
      const list = fieldsOf.get(r.name) ?? [];
      list.push(coordinate);
      fieldsOf.set(r.name, list);
    }
  }
  const all: DataResource[] = [...policy.resources.values(), ...catalog.declared.values()];
  const text = filter.text?.trim().toLowerCase();
  return all
    .filter((r) => !filter.owner || r.owner === filter.owner)
    .filter((r) => !filter.sharing || r.sharing === filter.sharing.toLowerCase())
    .filter((r) => !filter.system || r.system === filter.system)
    .filter(
      (r) =>
        !text ||
        [r.name, r.title, r.legalBasis, ...(fieldsOf.get(r.name) ?? [])].some((s) => s.toLowerCase().includes(text)),
    )
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => {
      const fields = (fieldsOf.get(r.name) ?? []).sort();
      const levels = [
        ...new Set(fields.map((c) => graph.rules.rule(...(c.split('.') as [string, string])).level)),
      ].sort((a: Level, b: Level) => levelRank(a) - levelRank(b));
      return {
        name: r.name,
        title: r.title,
        system: r.system,
        owner: departmentView(policy, r.owner),
        sharing: r.sharing.toUpperCase(),
        sharingLabel: SHARING_LABELS[r.sharing],
        legalBasis: r.legalBasis,
        updateFrequency: r.updateFrequency,
        contact: r.contact,
        levels,
        fields,
        statutoryReaders: [...policy.departments.values()]
          .filter((d) => readsByStatute(d, r))
          .map((d) => departmentView(policy, d.name)),
        openTo: r.openTo,
        declaredIn: r.source,
      };
    });
}

export const listDepartments = (policy: Policy) =>
  [...policy.departments.keys()].sort().map((name) => departmentView(policy, name));
