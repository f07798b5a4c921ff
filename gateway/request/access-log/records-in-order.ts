import type { DataSource } from 'typeorm';

import { AccessLogRecord } from '../../database/entities/access-log-record';

/** Every access-log record in id (write) order, a page at a time. */
export async function* recordsInOrder(dataSource: DataSource, pageSize = 5000): AsyncGenerator<AccessLogRecord> {
  let after = 0;
  for (;;) {
    const page = await dataSource
      .getRepository(AccessLogRecord)
      .createQueryBuilder('r')
      .where('r.id > :after', { after })
      .orderBy('r.id', 'ASC')
      .take(pageSize)
      .getMany();
    yield* page;
    if (page.length < pageSize) return;
    after = page.at(-1)!.id;
  }
}
