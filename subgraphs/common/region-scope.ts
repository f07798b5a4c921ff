import { GraphQLError } from 'graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { ErrorCode } from '../../common/errors';
import type { SubgraphAccess } from '../../common/gateway-signature';
import { isRegionCode, regionCovers, regionPrefix } from '../../common/identifiers/region-code';
import { param } from './filters';

/**
 * The regions whose person and transactional rows a caller may read (GB/T 2260 prefixes: a code
 * covers itself and every region below it), taken from the gateway's signed access context. Public
 * reference data (bodies, plans, power and responsibility lists, budgets, categories) is not scoped.
 * No access context, or one without regions, reads no scoped rows: the scope fails closed.
 */
export class RegionScope {
  private readonly codes: string[];

  constructor(regions: readonly string[]) {
    this.codes = regions.filter(isRegionCode);
  }

  static of(access: SubgraphAccess | undefined): RegionScope {
    return new RegionScope(access?.regions ?? []);
  }

  covers(regionCode: string): boolean {
    return this.codes.some((scope) => regionCovers(scope, regionCode));
  }

  /**
   * The SQL condition "expression lies in scope", with its parameters. `expression` is a column as the
   * query builder knows it (`alias.property`) or raw SQL inside a subquery.
   */
  condition(expression: string): { sql: string; parameters: Record<string, string> } {
    if (this.codes.length === 0) return { sql: '1 = 0', parameters: {} };
    const parameters: Record<string, string> = {};
    const alternatives = this.codes.map((code, i) => {
      const name = param(expression, `scope${i}`);
      parameters[name] = `${regionPrefix(code)}%`;
      return `${expression} LIKE :${name}`;
    });
    return { sql: `(${alternatives.join(' OR ')})`, parameters };
  }

  /** Limits a query's rows to the scope, in SQL. */
  restrict<T extends ObjectLiteral>(q: SelectQueryBuilder<T>, expression: string): SelectQueryBuilder<T> {
    const { sql, parameters } = this.condition(expression);
    return q.andWhere(sql, parameters);
  }

  /**
   * A row reached by a direct lookup (by id or key, or as an entity the gateway asks for): returned
   * when in scope; otherwise the field is null with an OUT_OF_SCOPE error (not found stays plain null).
   */
  check<T extends { regionCode: string }>(row: T | null, what: string): T | null {
    if (row === null || this.covers(row.regionCode)) return row;
    throw outOfScope(`this ${what} is outside your region scope`);
  }

  /** A region a caller acts on (a batch's, a rule's, a lead's): refused with OUT_OF_SCOPE unless covered. */
  mustCover(regionCode: string): string {
    if (!this.covers(regionCode)) throw outOfScope(`region ${regionCode} is outside your region scope`);
    return regionCode;
  }
}

const outOfScope = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.OUT_OF_SCOPE } });
