import { Kind, type OperationDefinitionNode, type TypeNode } from 'graphql';

import { OPERATIONS_DIR, readOperationFiles } from '../../../common/named-operation-files';

/** One preloaded explorer tab: a named operation as written, and variables to start from. */
export interface ExplorerTab {
  name: string;
  query: string;
  variables: string;
}

const EXAMPLE_LINE = /^#\s*Variables:\s*(\{.*\})\s*$/m;

/** A placeholder for a variable with no example, so the editor shows what the operation takes. */
function placeholder(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  return type.name.value === 'Int' || type.name.value === 'Float' ? 0 : type.name.value === 'Boolean' ? false : '';
}

/**
 * The named operations of schema/operations/, one tab each, with the comment lines written above
 * them. Variables come from a `# Variables: {...}` comment line when there is one; otherwise the
 * required variables appear with empty placeholders.
 */
export function loadExplorerTabs(dir = OPERATIONS_DIR): ExplorerTab[] {
  const tabs: ExplorerTab[] = [];
  for (const { source, document } of readOperationFiles(dir)) {
    let previousEnd = 0;
    for (const definition of document.definitions) {
      const { start, end } = definition.loc!;
      const leading = source.slice(previousEnd, start).trim();
      previousEnd = end;
      if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
      const op = definition as OperationDefinitionNode;
      const example = EXAMPLE_LINE.exec(leading)?.[1];
      const variables = example
        ? (JSON.parse(example) as Record<string, unknown>)
        : Object.fromEntries(
            (op.variableDefinitions ?? [])
              .filter((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue)
              .map((v) => [v.variable.name.value, placeholder(v.type)]),
          );
      const comment = leading
        .split('\n')
        .filter((line) => line.startsWith('#') && !EXAMPLE_LINE.test(line))
        .join('\n');
      tabs.push({
        name: op.name!.value,
        query: `${comment ? `${comment}\n` : ''}${source.slice(start, end)}\n`,
        variables: JSON.stringify(variables, null, 2),
      });
    }
  }
  return tabs;
}
