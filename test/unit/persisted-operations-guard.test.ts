import type { AddressInfo } from 'node:net';
import express from 'express';

import { ErrorCode } from '../../common/errors';
import {
  persistedOperationsGuard,
  type PersistedMode,
} from '../../gateway/request/persisted/persisted-operations-guard';
import { sha256 } from '../../gateway/request/persisted/trusted-documents';

const LISTED = 'query Listed { people { id } }';
const trusted = new Map([[sha256(LISTED), LISTED]]);

/** The guard in front of a handler that echoes what reached it, over real HTTP on a free port. */
async function guarded(mode: PersistedMode) {
  const app = express();
  app.use(express.json());
  app.use(persistedOperationsGuard(mode, trusted));
  app.all('/graphql', (req, res) => void res.json({ reached: req.method === 'GET' ? req.url : req.body }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = async (body: unknown) => {
    const response = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const get = async (query: string) => {
    const response = await fetch(`${base}?${query}`);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  return { post, get, close: () => new Promise((done) => server.close(done)) };
}

const codeOf = (body: Record<string, any>) => body['errors']?.[0]?.extensions?.code;

describe('persisted-operations guard', () => {
  it("in every mode, a hash sent with its text must be the text's SHA-256", async () => {
    for (const mode of ['apq', 'trusted', 'off'] as const) {
      const { post, close } = await guarded(mode);
      try {
        const forged = await post({
          query: LISTED,
          extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ x }') } },
        });
        expect([mode, forged.status, codeOf(forged.body)]).toEqual([
          mode,
          400,
          ErrorCode.PERSISTED_QUERY_HASH_MISMATCH,
        ]);
      } finally {
        await close();
      }
    }
  });

  it('trusted mode runs listed operations by text or hash (GET too), each of a batch, and nothing else', async () => {
    const { post, get, close } = await guarded('trusted');
    try {
      expect((await post({ query: LISTED })).body['reached'].query).toBe(LISTED);
      const byHash = await post({ documentId: `sha256:${sha256(LISTED)}` });
      expect(byHash.body['reached']).toEqual({ query: LISTED });
      const byApq = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(LISTED) } } });
      expect(byApq.body['reached']).toEqual({ query: LISTED, extensions: {} }); // Apollo's own APQ never sees it
      const viaGet = await get(`documentId=${sha256(LISTED)}`);
      expect(new URL(viaGet.body['reached'], 'http://x').searchParams.get('query')).toBe(LISTED);

      const unlisted = await post({ query: '{ people { id name } }' });
      expect([unlisted.status, codeOf(unlisted.body)]).toEqual([400, ErrorCode.PERSISTED_QUERY_NOT_IN_LIST]);
      const unknown = await post({ documentId: 'f'.repeat(64) });
      expect([unknown.status, codeOf(unknown.body)]).toEqual([400, ErrorCode.PERSISTED_QUERY_NOT_FOUND]);
      const batch = await post([{ query: LISTED }, { query: '{ people { idNumber } }' }]);
      expect([batch.status, codeOf(batch.body)]).toEqual([400, ErrorCode.PERSISTED_QUERY_NOT_IN_LIST]);
      expect(codeOf((await post({})).body)).toBe(ErrorCode.PERSISTED_QUERY_NOT_IN_LIST);
    } finally {
      await close();
    }
  });

  it('apq mode passes any operation on (Apollo resolves hashes it knows)', async () => {
    const { post, close } = await guarded('apq');
    try {
      const body = { query: '{ people { id name } }' };
      expect((await post(body)).body['reached']).toEqual(body);
    } finally {
      await close();
    }
  });
});
