import {
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

import { ErrorCode } from '../../../common/errors';
import { sharingRefusal } from '../../policy/catalog-rules';
import { clears, levelRank, type Level } from '../../policy/levels';
import type { MaskKind } from '../../policy/mask-kinds';
import type { Policy } from '../../policy/policy-model';
import { maskFor, type SchemaRules } from '../../policy/schema-rules';
import { fragmentsOf, isIncluded } from '../operation/operation-walk';
import { PURPOSE_HEADER, type AccessContext } from './access-context';

export type Decision = 'allowed' | 'masked' | 'denied';

/** Where in the response a decision lands: the object holding the field, and the field's response key. */
export interface Placement {
  /** Response keys from the root to the object holding the field (lists are walked through). */
  parentKeys: readonly string[];
  key: string;
  /** Concrete types the holding object must have for the decision to apply; null = any. */
  types: ReadonlySet<string> | null;
}

export interface Withheld extends Placement {
  coordinate: string;
  code: typeof ErrorCode.FORBIDDEN_FIELD | typeof ErrorCode.PURPOSE_REQUIRED;
  message: string;
}

export interface Masked extends Placement {
  coordinate: string;
  mask: MaskKind;
}

/** One field coordinate the operation asked for, and what was decided (for the access log). */
export interface FieldRead {
  coordinate: string;
  level: Level;
  decision: Decision;
  mask?: MaskKind;
  code?: Withheld['code'];
}

export interface AccessPlan {
  /** The operation to execute: withheld fields removed, so no subgraph is ever asked for them. */
  document: DocumentNode;
  withheld: Withheld[];
  masked: Masked[];
  reads: FieldRead[];
  /** Fields the plan added to the document (type names, ids, fillers), to drop from the result. */
  added: Placement[];
  /** SENSITIVE and RESTRICTED fields to be returned (in clear or masked): withheld after all if the access log cannot be written. */
  sensitive: Array<Placement & { coordinate: string }>;
  /** RESTRICTED fields returned in clear: the log records the ids of their entities (read from ID_KEY beside them). */
  entityReads: Array<Placement & { coordinate: string }>;
  /** Sharing agreements that opened a field read: the access log names them, and every such read is logged. */
  agreements: number[];
}

/** Response keys the plan adds; a client cannot use them (validation rejects names starting with __). */
export const TYPE_KEY = '__govgraph_type';
export const ID_KEY = '__govgraph_id';
const FILLER_KEY = '__govgraph_filler';

const aliasedField = (alias: string, name: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: name },
});
const typenameField = (alias: string) => aliasedField(alias, '__typename');

/** The field that identifies an entity in the access log: its shared key, else its id. */
const ID_FIELDS = ['personKey', 'id', 'uscc'];

/**
 * A selection without @skip and @include: they are decided while planning, so the document sent on
 * needs neither them nor their variables (a subgraph never sees a condition it could read otherwise).
 */
function withoutConditions<T extends SelectionNode>(node: T): T {
  if (!node.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include')) return node;
  return { ...node, directives: node.directives.filter((d) => d.name.value !== 'skip' && d.name.value !== 'include') };
}

type Outcome =
  | { decision: 'allowed' }
  | { decision: 'masked'; mask: MaskKind }
  | { decision: 'denied'; code: Withheld['code']; message: string };

function describe(policy: Policy, level: Level): string {
  const label = policy.levels.find((l) => l.name === level)?.label;
  return label ? `${level} (${label})` : level;
}

/**
 * Walks the operation against the policy before anything is fetched: aliases, named and inline
 * fragments, interfaces and unions, @include/@skip with the request's variables. Fields the caller
 * may not read are cut from the document (never requested from a subgraph) and recorded with where
 * they would have been; masked fields are fetched and recorded for masking.
 */
export function planAccess(input: {
  schema: GraphQLSchema;
  rules: SchemaRules;
  policy: Policy;
  access: AccessContext;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}): AccessPlan {
  const { schema, rules, policy, access, variables } = input;
  const { clearance } = access.principal;
  const fragments = fragmentsOf(input.document);
  const plan: AccessPlan = {
    document: input.document,
    withheld: [],
    masked: [],
    reads: [],
    added: [],
    sensitive: [],
    entityReads: [],
    agreements: [],
  };
  const reads = new Map<string, FieldRead>();
  const agreementsUsed = new Set<number>();

  /** Why the caller's department may not have this field whatever its clearance (the catalog's terms), or null. */
  const sharingRefusalFor = (type: string, field: string, coordinate: string): string | null => {
    const resources = rules.catalog.of(type, field);
    if (!resources.length)
      return `${coordinate} belongs to no data resource of the catalog: nobody reads it until the catalog names it`;
    for (const resource of resources) {
      const refusal = sharingRefusal(resource, access.principal, policy);
      if (!refusal) continue;
      // An agreement opens conditional resources only: what is not shared never leaves its owner.
      const agreement =
        resource.sharing === 'conditional'
          ? access.agreements.find((a) => a.resources.includes(resource.name))
          : undefined;
      if (!agreement) return `${coordinate}: ${refusal}`;
      agreementsUsed.add(agreement.id);
    }
    return null;
  };

  const decide = (type: string, field: string): Outcome & { level: Level } => {
    const rule = rules.rule(type, field);
    const coordinate = `${type}.${field}`;
    const purposeMissing = (inClear: boolean) =>
      !access.purpose && (rule.purpose || (inClear && policy.purposeLevels.has(rule.level)));
    const purposeDenied = () => ({
      decision: 'denied' as const,
      level: rule.level,
      code: ErrorCode.PURPOSE_REQUIRED,
      message: `Reading ${coordinate} needs a stated purpose: send ${PURPOSE_HEADER}: <case number>; <text>${access.purposeProblem ? ` (${access.purposeProblem})` : ''}`,
    });
    const unshared = sharingRefusalFor(type, field, coordinate);
    if (unshared && (clears(clearance, rule.level) || maskFor(rule, clearance)))
      return { decision: 'denied', level: rule.level, code: ErrorCode.FORBIDDEN_FIELD, message: unshared };
    if (clears(clearance, rule.level))
      return purposeMissing(true) ? purposeDenied() : { decision: 'allowed', level: rule.level };
    const mask = maskFor(rule, clearance);
    if (mask) return purposeMissing(false) ? purposeDenied() : { decision: 'masked', mask, level: rule.level };
    return {
      decision: 'denied',
      level: rule.level,
      code: ErrorCode.FORBIDDEN_FIELD,
      message: `${coordinate} is ${describe(policy, rule.level)}; your clearance is ${describe(policy, clearance)}`,
    };
  };

  // `variables` are the coerced ones (defaults applied): every condition is decided here, once.
  const included = (node: SelectionNode): boolean => isIncluded(node, variables);

  /** Narrows the concrete types an object may have, entering a fragment on `condition`. */
  const narrow = (
    types: ReadonlySet<string> | null,
    parent: GraphQLCompositeType,
    condition: GraphQLCompositeType,
  ): ReadonlySet<string> | null => {
    if (condition === parent) return types;
    const possible = isObjectType(condition) ? [condition.name] : schema.getPossibleTypes(condition).map((t) => t.name);
    return new Set(types ? possible.filter((name) => types.has(name)) : possible);
  };

  /** One object in the response: its key path, whether its type is abstract, and whether its __typename is needed. */
  interface ObjectState {
    keys: string[];
    abstract: boolean;
    needsType: boolean;
  }

  const walkSelections = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    types: ReadonlySet<string> | null,
    state: ObjectState,
  ): SelectionNode[] => {
    const out: SelectionNode[] = [];
    for (const written of set.selections) {
      if (!included(written)) continue;
      const selection = withoutConditions(written);
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) {
          out.push(selection);
          continue;
        }
        const field = parent.getFields()[name];
        if (!field) continue; // validation has already refused unknown fields
        const key = selection.alias?.value ?? name;
        const coordinate = `${parent.name}.${name}`;
        const outcome = decide(parent.name, name);
        // Under an abstract type a fragment's decisions hold only for the object types it names.
        const placement = { parentKeys: state.keys, key, types: state.abstract ? types : null };
        if (placement.types) state.needsType = true;
        const read: FieldRead = { coordinate, level: outcome.level, decision: outcome.decision };
        if (outcome.decision === 'denied') {
          read.code = outcome.code;
          plan.withheld.push({ ...placement, coordinate, code: outcome.code, message: outcome.message });
        } else if (outcome.decision === 'masked') {
          read.mask = outcome.mask;
          plan.masked.push({ ...placement, coordinate, mask: outcome.mask });
        }
        reads.set(`${coordinate}|${read.decision}`, read);
        if (outcome.decision === 'denied') continue;
        if (levelRank(outcome.level) >= levelRank('SENSITIVE')) plan.sensitive.push({ ...placement, coordinate });
        const idField =
          outcome.level === 'RESTRICTED' && outcome.decision === 'allowed' && isObjectType(parent)
            ? ID_FIELDS.find((f) => parent.getFields()[f])
            : undefined;
        if (idField) {
          plan.entityReads.push({ ...placement, coordinate });
          out.push(aliasedField(ID_KEY, idField));
          plan.added.push({ parentKeys: state.keys, key: ID_KEY, types: null });
        }
        out.push(
          selection.selectionSet
            ? {
                ...selection,
                selectionSet: walkObject(selection.selectionSet, getNamedType(field.type) as GraphQLCompositeType, [
                  ...state.keys,
                  key,
                ]),
              }
            : selection,
        );
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType)
        : parent;
      const inner = walkSelections(fragment.selectionSet, condition, narrow(types, parent, condition), state);
      if (!inner.length) continue;
      // Named fragments are inlined: the same fragment may be cut differently where it is spread.
      out.push({
        kind: Kind.INLINE_FRAGMENT,
        ...(fragment.typeCondition ? { typeCondition: fragment.typeCondition } : {}),
        directives: selection.directives ?? [],
        selectionSet: { kind: Kind.SELECTION_SET, selections: inner },
      });
    }
    return out;
  };

  const walkObject = (set: SelectionSetNode, type: GraphQLCompositeType, keys: string[]): SelectionSetNode => {
    const state: ObjectState = { keys, abstract: isAbstractType(type), needsType: false };
    const selections = walkSelections(set, type, null, state);
    if (state.needsType) {
      selections.push(typenameField(TYPE_KEY));
      plan.added.push({ parentKeys: keys, key: TYPE_KEY, types: null });
    }
    if (!selections.length) {
      // Everything here was withheld: keep the selection valid; the filler is dropped from the answer.
      selections.push(typenameField(FILLER_KEY));
      plan.added.push({ parentKeys: keys, key: FILLER_KEY, types: null });
    }
    return { kind: Kind.SELECTION_SET, selections };
  };

  const root = schema.getRootType(input.operation.operation);
  if (!root) return plan;
  const operation: OperationDefinitionNode = {
    ...input.operation,
    selectionSet: walkObject(input.operation.selectionSet, root, []),
  };
  plan.reads = [...reads.values()];
  plan.agreements = [...agreementsUsed].sort((a, b) => a - b);
  // Fragments are inlined where data is read; the definitions stay for introspection selections
  // (__schema, __type), which are passed through untouched and may spread them.
  plan.document = { kind: Kind.DOCUMENT, definitions: [operation, ...fragments.values()] };
  return plan;
}
