import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';

import { securityHeaders } from './explorer/explorer-routes';

/**
 * A page the gateway serves to browsers at GET `path`, with its plain browser files under `path/` (read
 * from `dir` once: tsc does not copy them), offline under the explorer's security headers.
 */
export function staticPage(options: {
  path: string;
  page: string;
  dir: string;
  /** File name → content type. */
  assets: Record<string, string>;
}): express.Router {
  const router = express.Router();
  const files = new Map(
    Object.entries(options.assets).map(([name, type]) => [name, { body: readFileSync(join(options.dir, name)), type }]),
  );
  router.get(options.path, (_req, res) => {
    securityHeaders(res);
    res.type('html').set('cache-control', 'no-store').send(options.page);
  });
  router.get(`${options.path}/:file`, (req, res, next) => {
    const file = files.get(req.params['file'] ?? '');
    if (!file) return next();
    securityHeaders(res);
    res.type(file.type).set('cache-control', 'public, max-age=3600').send(file.body);
  });
  return router;
}
