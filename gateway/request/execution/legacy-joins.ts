import { batchDelegateToSchema } from '@graphql-tools/batch-delegate';
import type { SubschemaConfig } from '@graphql-tools/delegate';
import type { IResolvers } from '@graphql-tools/utils';
import { GraphQLList, isObjectType, OperationTypeNode } from 'graphql';

/**
 * How a plain (non-Federation) subgraph joins the federated entities: a field on its type that
 * resolves an entity by key, and a field on the entity that lists its records through a batch root
 * field of the plain subgraph. Both directions are batched: one request per level, not one per row.
 */
export interface LegacyJoin {
  subgraph: string;
  /** e.g. Finding.responsibleOrg: Org, resolved from Finding.responsibleUscc by Org's key uscc. */
  toEntity: { type: string; field: string; description: string; keyField: string; entity: string; entityKey: string };
  /** e.g. Org.auditFindings: [Finding!]!, through findingsByResponsibleUsccs(usccs) returning one list per key. */
  fromEntity: { field: string; description: string; batchField: string; batchArgument: string };
}

export const LEGACY_JOINS: readonly LegacyJoin[] = [
  {
    subgraph: 'audit',
    toEntity: {
      type: 'Finding',
      field: 'responsibleOrg',
      description: 'The responsible body, from the staffing system.',
      keyField: 'responsibleUscc',
      entity: 'Org',
      entityKey: 'uscc',
    },
    fromEntity: {
      field: 'auditFindings',
      description: 'Audit findings this body is responsible for, from the audit system.',
      batchField: 'findingsByResponsibleUsccs',
      batchArgument: 'usccs',
    },
  },
];

/** The Federation subschema that owns most fields of an entity: resolving there saves a hop. */
function entityOwner(subschemas: readonly SubschemaConfig[], entity: string): SubschemaConfig | undefined {
  let best: SubschemaConfig | undefined;
  let most = -1;
  for (const subschema of subschemas) {
    const type = subschema.schema.getType(entity);
    const hasEntities = Boolean(subschema.schema.getQueryType()?.getFields()['_entities']);
    if (!hasEntities || !isObjectType(type)) continue;
    const fields = Object.keys(type.getFields()).length;
    if (fields > most) {
      best = subschema;
      most = fields;
    }
  }
  return best;
}

/** Type definitions and resolvers that add the joins whose two sides are both in the graph. */
export function legacyJoinExtensions(
  federated: readonly SubschemaConfig[],
  legacy: ReadonlyMap<string, SubschemaConfig>,
): { typeDefs: string[]; resolvers: IResolvers[] } {
  const typeDefs: string[] = [];
  const resolvers: IResolvers[] = [];
  for (const join of LEGACY_JOINS) {
    const plain = legacy.get(join.subgraph);
    const { toEntity: to, fromEntity: from } = join;
    const owner = entityOwner(federated, to.entity);
    if (!plain || !owner) continue;
    const recordType = plain.schema.getType(to.type);
    const entityType = owner.schema.getType(to.entity);
    if (!isObjectType(recordType) || !isObjectType(entityType)) continue;
    typeDefs.push(`extend type ${to.type} { """${to.description}""" ${to.field}: ${to.entity} }`);
    typeDefs.push(`extend type ${to.entity} { """${from.description}""" ${from.field}: [${to.type}!] }`);
    resolvers.push({
      [to.type]: {
        [to.field]: {
          selectionSet: `{ ${to.keyField} }`,
          resolve: (record: Record<string, unknown>, _args: unknown, context: Record<string, unknown>, info: never) =>
            batchDelegateToSchema({
              schema: owner,
              operation: OperationTypeNode.QUERY,
              fieldName: '_entities',
              key: { __typename: to.entity, [to.entityKey]: record[to.keyField] },
              argsFromKeys: (representations) => ({ representations }),
              returnType: new GraphQLList(entityType),
              context,
              info,
            }),
        },
      },
      [to.entity]: {
        [from.field]: {
          selectionSet: `{ ${to.entityKey} }`,
          resolve: (entity: Record<string, unknown>, _args: unknown, context: Record<string, unknown>, info: never) =>
            batchDelegateToSchema({
              schema: plain,
              operation: OperationTypeNode.QUERY,
              fieldName: from.batchField,
              key: entity[to.entityKey],
              argsFromKeys: (keys) => ({ [from.batchArgument]: keys }),
              context,
              info,
            }),
        },
      },
    });
  }
  return { typeDefs, resolvers };
}
