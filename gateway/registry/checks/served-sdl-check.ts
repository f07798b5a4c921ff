import { Kind, parse, type DocumentNode } from 'graphql';
import type { CheckFinding } from '../model';

function coordinates(doc: DocumentNode): Set<string> {
  const out = new Set<string>();
  for (const def of doc.definitions) {
    if (!('fields' in def) || !('name' in def) || !def.name || def.name.value.startsWith('_')) continue;
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION && def.kind !== Kind.INTERFACE_TYPE_DEFINITION && def.kind !== Kind.INTERFACE_TYPE_EXTENSION) continue;
    for (const field of def.fields ?? []) if (!field.name.value.startsWith('_')) out.add(`${def.name.value}.${field.name.value}`);
  }
  return out;
}

/** A registered SDL may not promise fields the running service does not serve. */
export function checkServedSdl(registered: string, served: string): CheckFinding[] {
  const have = coordinates(parse(served));
  const missing = [...coordinates(parse(registered))].filter((c) => !have.has(c));
  if (!missing.length) return [];
  return [{ check: 'sdl', severity: 'error', message: `the service at this URL does not serve ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}` }];
}
