import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express from 'express';

import { projectRoot } from '../../../common/paths';
import { PURPOSE_HEADER } from '../../request/access/access-context';
import { loadExplorerTabs } from './explorer-tabs';

/** Our own page script and styles: plain browser files, read from the sources (tsc does not copy them). */
const BROWSER_DIR = join(projectRoot, 'gateway', 'endpoints', 'explorer', 'browser');

/** A file inside an installed package, past its `exports` map (which hides the UMD builds). */
const packageFile = (name: string, file: string) => join(dirname(require.resolve(`${name}/package.json`)), file);

/** Files the page loads, all from this server: GraphiQL and React from node_modules, our script. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: packageFile('graphiql', 'dist/index.umd.js'), type: 'text/javascript' },
  'graphiql.css': { file: packageFile('graphiql', 'dist/style.css'), type: 'text/css' },
  'explorer.js': { file: join(BROWSER_DIR, 'explorer.js'), type: 'text/javascript' },
  'explorer.css': { file: join(BROWSER_DIR, 'explorer.css'), type: 'text/css' },
};

/** Nothing leaves for another origin: no CDN, no telemetry, no framing by another site. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // CodeMirror positions its widgets with inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  'font-src data:',
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>govgraph explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/explorer/graphiql.css">
<link rel="stylesheet" href="/explorer/explorer.css">
</head>
<body>
<form id="credentials" autocomplete="off">
  <strong>govgraph</strong>
  <label>Bearer token <input id="token" type="password" placeholder="npm run token -- --user …" spellcheck="false"></label>
  <label>Purpose (${PURPOSE_HEADER}) <input id="purpose" type="text" placeholder="JC-2026-0001; why you are looking" spellcheck="false"></label>
  <span id="who" aria-live="polite"></span>
  <a href="/catalog">data resource catalog</a>
</form>
<div id="graphiql">Loading the explorer…</div>
<script src="/explorer/react.js"></script>
<script src="/explorer/react-dom.js"></script>
<script src="/explorer/graphiql.js"></script>
<script src="/explorer/explorer.js"></script>
</body>
</html>
`;

/** The headers of every page and file the gateway serves to browsers (the explorer's, the catalog's and the board's). */
export function securityHeaders(res: express.Response): void {
  res.set({
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
}

/**
 * The explorer: GraphiQL at GET /graphql for browsers (other GETs and every POST go on to GraphQL),
 * its files under /explorer/. Works offline: every file is served from this process.
 */
export function explorerRoutes(): express.Router {
  const router = express.Router();
  const files = new Map(
    Object.entries(ASSETS).map(([name, asset]) => [name, { body: readFileSync(asset.file), type: asset.type }]),
  );
  const tabs = JSON.stringify(loadExplorerTabs());
  router.get('/graphql', (req, res, next) => {
    if (req.query['query'] !== undefined || req.accepts(['application/json', 'text/html']) !== 'text/html')
      return next();
    securityHeaders(res);
    res.type('html').set('cache-control', 'no-store').send(PAGE);
  });
  router.get('/explorer/operations.json', (_req, res) => {
    res.type('json').set('cache-control', 'no-cache').send(tabs);
  });
  router.get('/explorer/:file', (req, res, next) => {
    const file = files.get(req.params['file'] ?? '');
    if (!file) return next();
    securityHeaders(res);
    res.type(file.type).set('cache-control', 'public, max-age=3600').send(file.body);
  });
  return router;
}
