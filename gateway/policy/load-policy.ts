import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

import { catalogProblems } from './catalog-rules';
import { levelRank, LEVELS, type Level } from './levels';
import {
  DEFAULT_CACHE_POLICY,
  DEFAULT_COST_SETTINGS,
  DEFAULT_QUERY_LIMITS,
  DEFAULT_RATE_LIMITS,
  policyDocument,
  type FieldRule,
  type Policy,
  type PolicyDocument,
  type PurposeKind,
  type RolePolicy,
} from './policy-model';

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/** The policy files under a directory (recursively) or the one file given. */
function policyFiles(location: string): string[] {
  const stat = fs.statSync(location, { throwIfNoEntry: false });
  if (!stat) throw new PolicyError(`${location}: no such policy file or directory`);
  if (stat.isFile()) return [location];
  return fs
    .readdirSync(location, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => path.join(location, file));
}

function readDocument(file: string, shown: string): PolicyDocument {
  const parsed = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (parsed.errors.length)
    throw new PolicyError(parsed.errors.map((e) => `${shown}: ${e.message.split('\n')[0]}`).join('\n'));
  const result = policyDocument.safeParse(parsed.toJS() ?? {});
  if (result.success) return result.data;
  throw new PolicyError(
    result.error.issues
      .map((issue) => `${shown}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`)
      .join('\n'),
  );
}

/**
 * Reads and validates a policy (a directory of YAML files, or one file). Every error names the file
 * and the key; a key defined in two files is an error, never a silent override.
 */
export function loadPolicy(location: string): Policy {
  const problems: string[] = [];
  const definedIn = new Map<string, string>();
  const define = (key: string, file: string): boolean => {
    const earlier = definedIn.get(key);
    if (earlier) {
      problems.push(`${file}: ${key}: already defined in ${earlier}`);
      return false;
    }
    definedIn.set(key, file);
    return true;
  };
  const policy: Policy = {
    levels: [],
    roles: new Map(),
    purposes: new Map(),
    purposeLevels: new Set(),
    limits: DEFAULT_QUERY_LIMITS,
    cost: DEFAULT_COST_SETTINGS,
    rateLimits: DEFAULT_RATE_LIMITS,
    cache: DEFAULT_CACHE_POLICY,
    fields: new Map(),
    departments: new Map(),
    resources: new Map(),
  };

  for (const file of policyFiles(location)) {
    const shown = path.relative(process.cwd(), file) || file;
    const doc = readDocument(file, shown);
    if (doc.levels && define('levels', shown)) {
      const names = doc.levels.map((l) => l.name).join(' < ');
      if (names !== LEVELS.join(' < '))
        problems.push(`${shown}: levels: must list ${LEVELS.join(' < ')} in this order, found ${names}`);
      policy.levels = doc.levels;
    }
    if (doc.purposeRequired && define('purposeRequired', shown))
      policy.purposeLevels = new Set(doc.purposeRequired.levels);
    if (doc.limits && define('limits', shown)) policy.limits = doc.limits;
    if (doc.cost && define('cost', shown)) policy.cost = doc.cost;
    if (doc.rateLimits && define('rateLimits', shown)) policy.rateLimits = doc.rateLimits;
    if (doc.cache && define('cache', shown)) policy.cache = doc.cache;
    for (const [name, role] of Object.entries(doc.roles ?? {})) {
      if (define(`roles.${name}`, shown)) policy.roles.set(name, { name, ...role } satisfies RolePolicy);
    }
    for (const [name, kind] of Object.entries(doc.purposes ?? {})) {
      if (define(`purposes.${name}`, shown))
        policy.purposes.set(name, {
          name,
          label: kind.label,
          caseNumber: new RegExp(kind.caseNumber),
        } satisfies PurposeKind);
    }
    for (const [name, department] of Object.entries(doc.departments ?? {}))
      if (define(`departments.${name}`, shown)) policy.departments.set(name, { name, ...department });
    for (const [name, resource] of Object.entries(doc.resources ?? {}))
      if (define(`resources.${name}`, shown)) policy.resources.set(name, { name, ...resource, source: shown });
    for (const [type, fields] of Object.entries(doc.fields ?? {})) {
      for (const [field, rule] of Object.entries(fields)) {
        const coordinate = `${type}.${field}`;
        if (!define(`fields.${coordinate}`, shown)) continue;
        policy.fields.set(
          coordinate,
          typeof rule === 'string'
            ? { level: rule, masks: {}, purpose: false, source: shown }
            : ({
                level: rule.level,
                masks: rule.masks ?? {},
                purpose: rule.purpose ?? false,
                source: shown,
              } satisfies FieldRule),
        );
      }
    }
  }

  if (!definedIn.has('levels'))
    problems.push(`${location}: levels: missing (PUBLIC, INTERNAL, SENSITIVE, RESTRICTED with their labels)`);
  for (const role of policy.roles.values()) {
    for (const purpose of role.purposes) {
      if (!policy.purposes.has(purpose))
        problems.push(
          `${definedIn.get(`roles.${role.name}`)}: roles.${role.name}.purposes: unknown purpose kind "${purpose}"`,
        );
    }
  }
  for (const [coordinate, rule] of policy.fields) {
    for (const [clearance] of Object.entries(rule.masks)) {
      if (levelRank(clearance as Level) >= levelRank(rule.level)) {
        problems.push(
          `${rule.source}: fields.${coordinate}.masks.${clearance}: a mask applies only below the field's level (${rule.level})`,
        );
      }
    }
  }
  problems.push(...catalogProblems(policy, (key) => definedIn.get(key) ?? location));
  // A batch draws one token per operation: a bucket smaller than the largest batch could never allow it.
  for (const [bucket, rate] of Object.entries(policy.rateLimits)) {
    if (rate.requests < policy.limits.batchOperations) {
      problems.push(
        `${definedIn.get('rateLimits') ?? location}: rateLimits.${bucket}.requests: ${rate.requests} is below limits.batchOperations (${policy.limits.batchOperations})`,
      );
    }
  }
  if (problems.length) throw new PolicyError(problems.join('\n'));
  return policy;
}
