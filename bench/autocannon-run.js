// autocannon in a process of its own (`node bench/autocannon-run.js '<options JSON>'`), printing its JSON
// result. With `perRequestVariables`, each request's body carries a `$seed` of its own (autocannon's CLI
// [<id>] replacement leaves Content-Length at the template's length, so it is done here per request).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS: node runs this file as it is
const autocannon = require('autocannon');

const { url, headers, query, connections, seconds, perRequestVariables, numericSeed } = JSON.parse(process.argv[2]);
let sent = 0;
// A numeric seed for schemas whose harmless arguments are ids (a lookup of an id that does not exist).
const seed = () => (numericSeed ? 900_000_000 + sent++ : `s${sent++}`);
const body = () => JSON.stringify(perRequestVariables ? { query, variables: { seed: seed() } } : { query });
autocannon(
  {
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body(),
    ...(perRequestVariables ? { requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }] } : {}),
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result));
  },
);
