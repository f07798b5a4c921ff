import { GraphQLNonNull, isNonNullType, type GraphQLSchema } from 'graphql';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import type { Policy } from '../policy/policy-model';
import { gradeSchema, type SchemaRules } from '../policy/schema-rules';

const rulesBySchema = new WeakMap<GraphQLSchema, SchemaRules>();

/**
 * The schema clients see: the composed API schema, graded by the policy. A field that some caller may be
 * refused (anything above PUBLIC, or needing a purpose) is served nullable, because a withheld field
 * answers null while the rest of the response stays; the schema says so instead of breaking its word.
 */
export function governSchema(apiSchema: GraphQLSchema, policy: Policy, sdls: readonly string[]): GraphQLSchema {
  const rules = gradeSchema(apiSchema, policy, sdls);
  const served = mapSchema(apiSchema, {
    [MapperKind.COMPOSITE_FIELD]: (config, fieldName, typeName) => {
      const rule = rules.rule(typeName, fieldName);
      const mayBeWithheld = rule.level !== 'PUBLIC' || rule.purpose;
      return mayBeWithheld && isNonNullType(config.type) ? { ...config, type: (config.type as GraphQLNonNull<never>).ofType } : config;
    },
  });
  rulesBySchema.set(served, rules);
  return served;
}

/** The grades of a schema made by governSchema. */
export function rulesOf(schema: GraphQLSchema): SchemaRules {
  const rules = rulesBySchema.get(schema);
  if (!rules) throw new Error('schema was not graded (governSchema)');
  return rules;
}
