// The floor of any Node gateway, for comparison (bench/peers/node-floor.ts): read the body, parse it, one
// keep-alive POST to the subgraph, parse its answer, answer. No GraphQL, no access control, nothing else.
// Run as `node bare-proxy.js <subgraph url> <port>`; prints "ready" when it listens.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS: node runs this file as it is
const http = require('node:http');
const [target, port] = process.argv.slice(2);
const url = new URL(target);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const body = JSON.stringify({ query, variables });
      const out = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (answer) => {
          const parts = [];
          answer.on('data', (c) => parts.push(c));
          answer.on('end', () => {
            const result = JSON.parse(Buffer.concat(parts).toString('utf8'));
            const text = JSON.stringify({ data: result.data });
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
            res.end(text);
          });
        },
      );
      out.end(body);
    });
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
