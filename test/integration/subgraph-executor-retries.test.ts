import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionResult } from '@graphql-tools/utils';
import { OperationTypeNode, parse } from 'graphql';

import { DEV_SIGNING_SECRET } from '../../common/gateway-signature';
import { Breakers } from '../../gateway/request/resilience/breakers';
import { DEFAULT_CALL_POLICY } from '../../gateway/request/resilience/call-policy';
import { createSubgraphExecutor } from '../../gateway/request/subgraph-calls/subgraph-executor';

/**
 * Retries only where repeating is harmless: a query whose connection dropped is sent again; a
 * mutation is not (it may have taken effect even though its answer was lost).
 */
describe('subgraph executor retries', () => {
  let server: http.Server;
  let endpoint: string;
  let received = 0;
  let dropNext = 0;
  const breakers = new Breakers(DEFAULT_CALL_POLICY.breaker);

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      received++;
      if (dropNext > 0) {
        dropNext--;
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    breakers.shutdown();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const executor = () =>
    createSubgraphExecutor({
      name: 'fixture',
      endpoint,
      callPolicy: { ...DEFAULT_CALL_POLICY, backoffMs: 5 },
      breakers,
      signingSecret: DEV_SIGNING_SECRET,
    });

  it('retries a query after a dropped connection', async () => {
    received = 0;
    dropNext = 1;
    const result = (await executor()({
      document: parse('{ ok }'),
      operationType: OperationTypeNode.QUERY,
    })) as ExecutionResult;
    expect(result).toEqual({ data: { ok: true } });
    expect(received).toBe(2);
  });

  it('gives up on a query after the configured retries, with SUBGRAPH_UNAVAILABLE', async () => {
    received = 0;
    dropNext = 10;
    const result = (await executor()({
      document: parse('{ ok }'),
      operationType: OperationTypeNode.QUERY,
    })) as ExecutionResult;
    expect(result.errors?.[0]?.extensions?.['code']).toBe('SUBGRAPH_UNAVAILABLE');
    expect(received).toBe(1 + DEFAULT_CALL_POLICY.retries);
    dropNext = 0;
  });

  it('never retries a mutation', async () => {
    received = 0;
    dropNext = 1;
    const result = (await executor()({
      document: parse('mutation { ok }'),
      operationType: OperationTypeNode.MUTATION,
    })) as ExecutionResult;
    expect(result.errors?.[0]?.extensions?.['code']).toBe('SUBGRAPH_UNAVAILABLE');
    expect(received).toBe(1);
  });
});
