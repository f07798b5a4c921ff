// Before `npm test`: MariaDB and Redis must answer on their ports. Starts them when installed but
// stopped (as the machine's own boot does); fails with a clear message when they are missing.
const net = require('node:net');
const { spawnSync, execSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const mysqlUrl = new URL(process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306');
const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');

const SERVICES = [
  {
    name: 'MariaDB',
    host: mysqlUrl.hostname,
    port: Number(mysqlUrl.port || 3306),
    binary: '/usr/sbin/mariadbd',
    start: ['start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', '/usr/sbin/mariadbd']],
  },
  {
    name: 'Redis',
    host: redisUrl.hostname,
    port: Number(redisUrl.port || 6379),
    binary: 'redis-server',
    start: [
      'redis-server',
      [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '-::1',
        '--port',
        String(Number(redisUrl.port || 6379)),
        '--save',
        '',
        '--appendonly',
        'no',
      ],
    ],
  },
];

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function installed(binary) {
  if (binary.startsWith('/')) return existsSync(binary);
  try {
    execSync(`command -v ${binary}`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  for (const service of SERVICES) {
    if (await reachable(service.host, service.port)) continue;
    const local = ['127.0.0.1', 'localhost', '::1'].includes(service.host);
    if (!local || !installed(service.binary)) {
      process.stderr.write(
        `${service.name} is not reachable at ${service.host}:${service.port}` +
          (local
            ? ` and ${service.binary} is not installed. Install it (Debian: apt-get install ${service.name === 'Redis' ? 'redis-server' : 'mariadb-server'}) or point ${service.name === 'Redis' ? 'REDIS_URL' : 'DATABASE_URL'} at a running server.\n`
            : '.\n'),
      );
      process.exit(1);
    }
    process.stdout.write(`starting ${service.name} ...\n`);
    const [cmd, args] = service.start;
    spawnSync(cmd, args, { stdio: 'inherit' });
    const until = Date.now() + 30_000;
    while (!(await reachable(service.host, service.port))) {
      if (Date.now() > until) {
        process.stderr.write(`${service.name} did not start within 30 s on ${service.host}:${service.port}\n`);
        process.exit(1);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

main();
