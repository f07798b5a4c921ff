import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

import { loadStorageConfig } from '../../common/config';
import { SHIPPED_SUBGRAPH_NAMES, SHIPPED_SUBGRAPHS } from '../../common/subgraph-catalog';
import { loadAccessConfig } from '../../gateway/config/access-config';
import { loadGatewayConfig } from '../../gateway/config/gateway-config';
import { loadSupervisionSettings } from '../../subgraphs/supervision/serve-options';

const root = join(__dirname, '..', '..');
const dir = join(root, 'deploy', 'k8s');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

type Doc = Record<string, any>;
const docs: Doc[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Doc))
  .filter(Boolean);
const byKind = (kind: string) => docs.filter((d) => d['kind'] === kind);
const deployments = byKind('Deployment');
const configMap = byKind('ConfigMap')[0]!;
const secret = byKind('Secret')[0]!;

/** Every source file's text, to check that an environment variable is read somewhere. */
function sourceText(folder: string): string {
  return readdirSync(folder)
    .map((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'generated' ? '' : sourceText(path);
      return name.endsWith('.ts') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}
const code = ['common', 'gateway', 'subgraphs'].map((d) => sourceText(join(root, d))).join('\n');

/** The deployment manifests reference the real image, entry points, ports, probes and settings. */
describe('Kubernetes manifests (deploy/k8s)', () => {
  it('run the image of this version with entry points that exist', () => {
    expect(deployments.length).toBe(1 + SHIPPED_SUBGRAPH_NAMES.length);
    for (const d of deployments) {
      const container = d['spec']['template']['spec']['containers'][0];
      expect(container.image).toBe(`registry.example.gov.cn/govgraph/govgraph:${version}`);
      const [node, script] = container.command as string[];
      expect(node).toBe('node');
      expect(existsSync(join(root, script!.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
      expect(d['spec']['selector']['matchLabels']).toEqual(d['spec']['template']['metadata']['labels']);
    }
    expect(readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8')).toMatch(
      /npm run build[\s\S]*COPY --from=build \/app\/schema/,
    );
  });

  it('gives each subgraph its catalog port, a Service and probes on /healthz and /readyz', () => {
    for (const name of SHIPPED_SUBGRAPH_NAMES) {
      const d = deployments.find((x) => x['metadata']['name'] === `govgraph-${name}`)!;
      const c = d['spec']['template']['spec']['containers'][0];
      const args = c.command as string[];
      expect(args[2]).toBe(name);
      const port = SHIPPED_SUBGRAPHS[name].port;
      expect(args.slice(3)).toEqual(['--host', '0.0.0.0', '--port', String(port)]);
      expect(c.ports[0].containerPort).toBe(port);
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port });
      const service = byKind('Service').find((s) => s['metadata']['name'] === `govgraph-${name}`)!;
      expect(service['spec']['ports'][0]).toMatchObject({ port, targetPort: port });
      expect(service['spec']['selector']).toEqual(d['spec']['template']['metadata']['labels']);
    }
  });

  it('runs several stateless gateway replicas under an autoscaler, probed on /healthz and /readyz', () => {
    const gateway = deployments.find((d) => d['metadata']['name'] === 'govgraph-gateway')!;
    const c = gateway['spec']['template']['spec']['containers'][0];
    const port = Number(c.env.find((e: { name: string }) => e.name === 'GATEWAY_PORT').value);
    expect(c.ports[0].containerPort).toBe(port);
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port });
    const hpa = byKind('HorizontalPodAutoscaler')[0]!;
    expect(hpa['spec']['scaleTargetRef']).toMatchObject({ kind: 'Deployment', name: 'govgraph-gateway' });
    expect(hpa['spec']['minReplicas']).toBeGreaterThanOrEqual(2);
  });

  it('sets only variables the code reads, and the code accepts them', () => {
    const env: Record<string, string> = { ...configMap['data'], ...secret['stringData'] };
    for (const d of deployments)
      for (const e of d['spec']['template']['spec']['containers'][0].env ?? []) env[e.name] = e.value;
    for (const name of Object.keys(env)) {
      const read = code.includes(`'${name}'`) || /^SUBGRAPH_[A-Z_]+_URL$/.test(name);
      expect([name, read]).toEqual([name, true]);
    }
    for (const required of ['DATABASE_URL', 'REDIS_URL', 'PERSON_KEY_SECRET', 'REGISTRY_ADMIN_TOKENS'])
      expect(Object.keys(secret['stringData'])).toContain(required);
    const gateway = loadGatewayConfig(env);
    for (const name of SHIPPED_SUBGRAPH_NAMES)
      expect(gateway.subgraphUrls[name]).toBe(`http://govgraph-${name}:${SHIPPED_SUBGRAPHS[name].port}/graphql`);
    expect(gateway.registry.allowedHosts).toEqual(SHIPPED_SUBGRAPH_NAMES.map((n) => `govgraph-${n}`));
    expect(gateway.redisUrl).toBe(env['REDIS_URL']);
    expect(loadStorageConfig(env).databaseUrl).toBe(env['DATABASE_URL']);
    // Production settings: what refuses development secrets accepts the manifests' settings.
    expect(env['NODE_ENV']).toBe('production');
    expect(loadAccessConfig(env).production).toBe(true);
    expect(() => loadSupervisionSettings(env)).not.toThrow();
    for (const d of deployments) {
      const from = d['spec']['template']['spec']['containers'][0].envFrom.map(
        (e: Doc) => e['configMapRef']?.name ?? e['secretRef']?.name,
      );
      expect(from).toEqual(['govgraph-config', 'govgraph-secrets']);
    }
  });
});
