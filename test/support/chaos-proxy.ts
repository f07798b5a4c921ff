import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the next requests. */
export type ChaosMode =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'huge'; bytes: number }
  | { kind: 'reset' }
  | { kind: 'wrong-types' }
  | { kind: 'reset-once' };

/**
 * An HTTP proxy in front of a real subgraph that can slow, break or corrupt its answers: the bad
 * network and the misbehaving system the gateway must survive. Not a stand-in for a subgraph.
 */
export class ChaosProxy implements AsyncDisposable {
  mode: ChaosMode = { kind: 'pass' };
  requests = 0;
  /** Request bodies received, in order: what the gateway asked the subgraph. */
  readonly received: string[] = [];
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<ChaosProxy> {
    const server = http.createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const proxy = new ChaosProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
    server.on('request', (req, res) => void proxy.handle(target, req, res));
    return proxy;
  }

  private async handle(target: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.requests++;
    const mode = this.mode;
    if (mode.kind === 'reset' || mode.kind === 'reset-once') {
      if (mode.kind === 'reset-once') this.mode = { kind: 'pass' };
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.received.push(Buffer.concat(chunks).toString('utf8'));
    if (mode.kind === 'delay') await new Promise((done) => setTimeout(done, mode.ms));
    if (mode.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": {"oops" SELECT * FROM person');
      return;
    }
    if (mode.kind === 'huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"data":{"pad":"${'x'.repeat(mode.bytes)}"}}`);
      return;
    }
    try {
      // The gateway's own headers (access context, signature) pass through unchanged.
      const forwarded = Object.fromEntries(
        Object.entries(req.headers)
          .filter(([name]) => name.startsWith('x-govgraph-'))
          .map(([name, value]) => [name, String(value)]),
      );
      const upstream = await fetch(target, {
        method: 'POST',
        headers: { ...forwarded, 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      });
      let body = await upstream.text();
      if (mode.kind === 'wrong-types')
        body = body.replace(/:(-?\d+(\.\d+)?)/g, ':"not-a-number"').replace(/:"(\d{4}-\d{2})/g, ':12345');
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
    } catch {
      res.writeHead(502).end('bad gateway');
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }
}
