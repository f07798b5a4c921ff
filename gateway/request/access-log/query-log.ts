import type { DataSource } from 'typeorm';

import { AccessLogRecord } from '../../database/entities/access-log-record';

export interface AccessLogQuery {
  user?: string;
  /** A field coordinate, e.g. Person.idNumber. */
  field?: string;
  /** An entity id as recorded (a person key, a record id): "who read this person's record". */
  entity?: string;
  from?: string;
  to?: string;
  /** A sharing agreement's id: the reads made under it. */
  agreement?: number;
  limit?: number;
}

/** Records matching every given condition, newest first. */
export function queryAccessLog(dataSource: DataSource, query: AccessLogQuery): Promise<AccessLogRecord[]> {
  const q = dataSource
    .getRepository(AccessLogRecord)
    .createQueryBuilder('r')
    .orderBy('r.id', 'DESC')
    .take(Math.min(query.limit ?? 100, 10_000));
  if (query.user) q.andWhere('r.userName = :user', { user: query.user });
  // Coordinates and ids are stored as JSON strings: matched with their quotes, so "Person.id" never matches "Person.idNumber".
  if (query.field) q.andWhere('r.reads LIKE :field', { field: `%"coordinate":${JSON.stringify(query.field)}%` });
  if (query.entity) q.andWhere('r.entities LIKE :entity', { entity: `%${JSON.stringify(query.entity)}%` });
  if (query.agreement !== undefined) {
    // A JSON array of ids: the id as a whole element, first, last, inside or alone.
    const id = String(query.agreement);
    q.andWhere(
      '(r.agreements LIKE :alone OR r.agreements LIKE :first OR r.agreements LIKE :inside OR r.agreements LIKE :last)',
      {
        alone: `[${id}]`,
        first: `[${id},%`,
        inside: `%,${id},%`,
        last: `%,${id}]`,
      },
    );
  }
  if (query.from) q.andWhere('r.at >= :from', { from: query.from });
  if (query.to) q.andWhere('r.at < :to', { to: query.to });
  return q.getMany();
}

/** A record with its JSON columns read, as the audit CLI prints it and the governance API serves it. */
export function decodeRecord(r: AccessLogRecord) {
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind,
    at: r.at,
    user: r.userName,
    roles: JSON.parse(r.roles) as string[],
    clearance: r.clearance,
    region: r.region,
    grants: r.grants === null ? [] : (JSON.parse(r.grants) as number[]),
    agreements: r.agreements === null ? [] : (JSON.parse(r.agreements) as number[]),
    purpose: r.purpose,
    operationName: r.operationName,
    operationHash: r.operationHash,
    reads: JSON.parse(r.reads) as unknown[],
    entities: JSON.parse(r.entities) as Record<string, string[]>,
  };
}
