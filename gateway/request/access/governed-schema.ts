import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  GraphQLError,
  isNonNullType,
  type GraphQLFieldResolver,
  type GraphQLNonNull,
  type GraphQLSchema,
} from 'graphql';

import { ErrorCode } from '../../../common/errors';
import { SHARING_LABELS, type DataResource } from '../../policy/catalog-model';
import type { FieldRule, Policy } from '../../policy/policy-model';
import { gradeSchema, type SchemaRules } from '../../policy/schema-rules';

/** The field's description with its grade, masks, purpose rule and data resource, so every client sees what a field costs. */
function withGrade(
  description: string | null | undefined,
  rule: FieldRule,
  resources: readonly DataResource[],
  policy: Policy,
): string {
  const label = (level: string) => policy.levels.find((l) => l.name === level)?.label ?? level;
  const masks = Object.entries(rule.masks).map(([level, mask]) => `${level}: ${mask}`);
  const grade = [
    `Classification: ${rule.level} (${label(rule.level)}).`,
    masks.length ? `Masked below it (${masks.join(', ')}).` : '',
    rule.purpose || policy.purposeLevels.has(rule.level) ? 'Needs a stated purpose (x-govgraph-purpose).' : '',
    resources.length
      ? `Data resource: ${resources.map((r) => `${r.title} (${r.name}, ${SHARING_LABELS[r.sharing]})`).join('; ')}.`
      : 'Data resource: none (withheld from everyone).',
  ]
    .filter(Boolean)
    .join(' ');
  return description ? `${description}\n\n${grade}` : grade;
}

/**
 * A field served nullable still promises a value when it is not withheld: a subgraph answering null
 * (or a value of the wrong type, which stitching turns into null) is reported, as non-null would have.
 */
function requireValue(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  coordinate: string,
): GraphQLFieldResolver<unknown, unknown> {
  const check = (value: unknown) => {
    if (value === null || value === undefined) {
      throw new GraphQLError(`${coordinate} has no valid value in its subgraph's answer`, {
        extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
      });
    }
    return value;
  };
  return (source, args, context, info) => {
    const value = resolve(source, args, context, info);
    return value instanceof Promise ? value.then(check) : check(value);
  };
}

/**
 * The schema clients see: the composed API schema, graded by the policy. A field that some caller may be
 * refused (anything above PUBLIC, needing a purpose, or not shared with everyone) is served nullable, because a withheld field
 * answers null while the rest of the response stays; the schema says so instead of breaking its word.
 */
export function governSchema(
  apiSchema: GraphQLSchema,
  policy: Policy,
  sdls: readonly string[],
): { schema: GraphQLSchema; rules: SchemaRules } {
  const rules = gradeSchema(apiSchema, policy, sdls);
  const served = mapSchema(apiSchema, {
    [MapperKind.COMPOSITE_FIELD]: (config, fieldName, typeName) => {
      const rule = rules.rule(typeName, fieldName);
      const resources = rules.catalog.of(typeName, fieldName);
      const graded = { ...config, description: withGrade(config.description, rule, resources, policy) };
      const sharedWithAll = resources.length > 0 && resources.every((r) => r.sharing === 'unconditional');
      const mayBeWithheld = rule.level !== 'PUBLIC' || rule.purpose || !sharedWithAll;
      if (!mayBeWithheld || !isNonNullType(config.type)) return graded;
      return {
        ...graded,
        type: (config.type as GraphQLNonNull<never>).ofType,
        resolve: requireValue(config.resolve ?? defaultFieldResolver, `${typeName}.${fieldName}`),
      };
    },
  });
  return { schema: served, rules };
}
