import {
  getNamedType,
  GraphQLBoolean,
  GraphQLNonNull,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  parse,
  validate,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

import type { Random } from '../../../subgraphs/seed/random';

/** One generated operation: its text, and the variables sent with it (defaulted ones sometimes left out). */
export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

/** Values the fixtures' arguments make sense with; anything else is still valid GraphQL and may answer an error. */
export interface ArgumentHints {
  /** `Type.field(arg)` → values to pick from (as JSON, written as literals or sent as variables). */
  values?: Record<string, readonly unknown[]>;
}

const LIMITS = { depth: 4, fieldsPerSet: 4 };

/** Writes a JSON value as a GraphQL literal of `type` (enums unquoted, input objects by field). */
function literal(type: GraphQLInputType, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isNonNullType(type)) return literal(type.ofType, value);
  if (isListType(type))
    return Array.isArray(value)
      ? `[${value.map((v) => literal(type.ofType, v)).join(', ')}]`
      : literal(type.ofType, value);
  if (isEnumType(type)) return String(value);
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(fields[k]!.type, v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** The SDL spelling of an input type, for a variable definition. */
const typeName = (type: GraphQLInputType): string => String(type);

/**
 * A seeded generator of valid operations over an API schema: random selections at every depth, aliases,
 * named and inline fragments (on the type itself, on interfaces and on the members of abstract types),
 * `@include`/`@skip` with literals, variables and defaulted variables (sent or left out), arguments as
 * literals and variables, `__typename`. Invalid drafts (overlapping fields) are drawn again.
 */
export class OperationGenerator {
  constructor(
    readonly schema: GraphQLSchema,
    private readonly hints: ArgumentHints = {},
  ) {}

  generate(random: Random): GeneratedOperation {
    for (let attempt = 0; ; attempt++) {
      const draft = new Draft(this.schema, this.hints, random);
      const operation = draft.build();
      const errors = validate(this.schema, parse(operation.query));
      if (!errors.length) return operation;
      if (attempt > 50)
        throw new Error(`no valid operation after 50 drafts; last: ${errors[0]!.message}\n${operation.query}`);
    }
  }
}

class Draft {
  private readonly variables: string[] = [];
  private readonly values: Record<string, unknown> = {};
  private readonly fragments = new Map<string, string>();
  private aliases = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly hints: ArgumentHints,
    private readonly random: Random,
  ) {}

  build(): GeneratedOperation {
    const root = this.schema.getQueryType()!;
    const body = this.selectionSet(root, 0);
    const name = this.random.chance(0.5) ? ` Generated${this.random.int(1, 999)}` : '';
    const head =
      this.variables.length || name
        ? `query${name}${this.variables.length ? `(${this.variables.join(', ')})` : ''} `
        : '';
    return {
      query: `${head}${body}${[...this.fragments.values()].map((f) => `\n${f}`).join('')}`,
      variables: this.values,
    };
  }

  private variable(type: GraphQLInputType, value: unknown, defaultValue?: unknown): string {
    const name = `v${this.variables.length}`;
    const declared =
      defaultValue === undefined
        ? typeName(type)
        : `${typeName(isNonNullType(type) ? type.ofType : type)} = ${literal(type, defaultValue)}`;
    this.variables.push(`$${name}: ${declared}`);
    // A defaulted variable is sometimes left out of the request: its default must apply everywhere.
    if (defaultValue === undefined || this.random.chance(0.5)) this.values[name] = value;
    return `$${name}`;
  }

  /** @include / @skip, sometimes: literal, variable, or defaulted variable. */
  private condition(): string {
    if (!this.random.chance(0.25)) return '';
    const directive = this.random.pick(['include', 'skip']);
    const value = this.random.chance(0.5);
    const form = this.random.int(0, 2);
    if (form === 0) return ` @${directive}(if: ${value})`;
    if (form === 1) return ` @${directive}(if: ${this.variable(new GraphQLNonNull(GraphQLBoolean), value)})`;
    return ` @${directive}(if: ${this.variable(GraphQLBoolean, value, this.random.chance(0.5))})`;
  }

  private argumentValue(coordinate: string, arg: GraphQLArgument): unknown {
    const hinted = this.hints.values?.[`${coordinate}(${arg.name})`];
    if (hinted?.length) return this.random.pick(hinted);
    return this.valueOf(arg.type, 0);
  }

  private valueOf(type: GraphQLInputType, depth: number): unknown {
    if (isNonNullType(type)) return this.valueOf(type.ofType, depth);
    if (isListType(type))
      return Array.from({ length: this.random.int(0, 2) }, () => this.valueOf(type.ofType, depth + 1));
    if (isEnumType(type)) return this.random.pick(type.getValues()).name;
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const field of Object.values(type.getFields())) {
        if (isNonNullType(field.type) || (depth < 2 && this.random.chance(0.5)))
          out[field.name] = this.valueOf(field.type, depth + 1);
      }
      return out;
    }
    switch (getNamedType(type).name) {
      case 'Int':
        return this.random.int(0, 3);
      case 'Float':
        return this.random.pick([0.5, 1, 2]);
      case 'Boolean':
        return this.random.chance(0.5);
      case 'ID':
        return this.random.pick(['1', '2', 'p1', 't1']);
      default:
        return this.random.pick(['a', 'EUR', '1']);
    }
  }

  private argumentsOf(
    parent: GraphQLObjectType | GraphQLCompositeType,
    field: { name: string; args: readonly GraphQLArgument[] },
  ): string {
    const coordinate = `${parent.name}.${field.name}`;
    const given = field.args.filter(
      (a) => (isNonNullType(a.type) && a.defaultValue === undefined) || this.random.chance(0.4),
    );
    if (!given.length) return '';
    return `(${given
      .map((arg) => {
        const value = this.argumentValue(coordinate, arg);
        if (this.random.chance(0.35))
          return `${arg.name}: ${this.variable(arg.type, value, this.random.chance(0.3) ? value : undefined)}`;
        return `${arg.name}: ${literal(arg.type, value)}`;
      })
      .join(', ')})`;
  }

  private alias(): string {
    return this.random.chance(0.2) ? `a${this.aliases++}: ` : '';
  }

  /** A selection set on `type`, never empty. */
  private selectionSet(type: GraphQLCompositeType, depth: number): string {
    const parts: string[] = [];
    const count = this.random.int(1, LIMITS.fieldsPerSet);
    for (let i = 0; i < count; i++) parts.push(this.selection(type, depth));
    // Something always stays selected whatever the conditions say (a plain field or __typename).
    if (parts.every((p) => /@(include|skip)|^\.\.\./.test(p)))
      parts.push(this.random.chance(0.5) ? '__typename' : this.plainField(type, depth));
    return `{ ${parts.join(' ')} }`;
  }

  private plainField(type: GraphQLCompositeType, depth: number): string {
    if (isUnionType(type)) return '__typename';
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)));
    const field = leaves.length ? this.random.pick(leaves) : this.random.pick(fields);
    const named = getNamedType(field.type);
    return `${field.name}${this.argumentsOf(type, field)}${isCompositeType(named) ? ` ${this.selectionSet(named, depth + 1)}` : ''}`;
  }

  private selection(type: GraphQLCompositeType, depth: number): string {
    const kind = this.random.int(0, 9);
    if (kind === 0) return `${this.alias()}__typename${this.condition()}`;
    if (kind === 1 || isUnionType(type) || (isInterfaceType(type) && kind <= 4)) return this.fragment(type, depth);
    const fields = Object.values(type.getFields()).filter(
      (f) => depth < LIMITS.depth || isLeafType(getNamedType(f.type)),
    );
    if (!fields.length) return '__typename';
    const field = this.random.pick(fields);
    const named = getNamedType(field.type);
    const sub = isCompositeType(named) ? ` ${this.selectionSet(named, depth + 1)}` : '';
    return `${this.alias()}${field.name}${this.argumentsOf(type, field)}${this.condition()}${sub}`;
  }

  /** An inline fragment or a named fragment's spread: on the type itself, one of its members, or an interface they share. */
  private fragment(type: GraphQLCompositeType, depth: number): string {
    const candidates: GraphQLCompositeType[] = [type];
    if (isAbstractType(type)) {
      const members = this.schema.getPossibleTypes(type);
      candidates.push(...members, ...members.flatMap((m) => m.getInterfaces()));
    } else if (isObjectType(type)) candidates.push(...type.getInterfaces());
    const on = this.random.pick(candidates);
    const body = this.selectionSet(on, depth);
    if (this.random.chance(0.4)) {
      const name = `F${this.fragments.size}`;
      this.fragments.set(name, `fragment ${name} on ${on.name} ${body}`);
      return `...${name}${this.condition()}`;
    }
    const typeCondition = on === type && this.random.chance(0.3) ? '' : ` on ${on.name}`;
    return `...${typeCondition}${this.condition()} ${body}`;
  }
}
