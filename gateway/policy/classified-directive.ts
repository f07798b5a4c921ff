import { Kind, parse, type ConstDirectiveNode } from 'graphql';

import { isLevel, type Level } from './levels';
import { fieldHolders } from './sdl-fields';

function levelOf(directives: readonly ConstDirectiveNode[] | undefined): Level | null | undefined {
  const directive = directives?.find((d) => d.name.value === 'classified');
  if (!directive) return undefined;
  const value = directive.arguments?.find((a) => a.name.value === 'level')?.value;
  const level = value && (value.kind === Kind.STRING || value.kind === Kind.ENUM) ? value.value : null;
  return isLevel(level) ? level : null;
}

export interface ClassifiedFields {
  /** Grades by coordinate "Type.field". */
  grades: Map<string, Level>;
  /** Coordinates whose @classified names no known level. */
  invalid: string[];
}

/** The @classified(level: ...) grades an SDL carries (subgraph or supergraph). */
export function classifiedFields(sdl: string): ClassifiedFields {
  const grades = new Map<string, Level>();
  const invalid: string[] = [];
  for (const def of fieldHolders(parse(sdl))) {
    for (const field of def.fields ?? []) {
      const coordinate = `${def.name.value}.${field.name.value}`;
      const level = levelOf(field.directives);
      if (level === null) invalid.push(coordinate);
      else if (level) grades.set(coordinate, level);
    }
  }
  return { grades, invalid };
}
