import { join } from 'node:path';
import type { Router } from 'express';

import { projectRoot } from '../../../common/paths';
import { staticPage } from '../static-page';

/** Plain browser files, read from the sources (tsc does not copy them). */
const BROWSER_DIR = join(projectRoot, 'gateway', 'endpoints', 'catalog', 'browser');
const ASSETS: Record<string, string> = { 'catalog.js': 'text/javascript', 'catalog.css': 'text/css' };

const PAGE = `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>govgraph data resource catalog</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/catalog/catalog.css">
</head>
<body>
<form id="credentials" autocomplete="off">
  <strong>govgraph 政务信息资源目录</strong>
  <label>Bearer token <input id="token" type="password" placeholder="npm run token -- --user …" spellcheck="false"></label>
  <label>System <select id="system"><option value="">all</option></select></label>
  <label>Sharing <select id="sharing">
    <option value="">all</option>
    <option value="UNCONDITIONAL">无条件共享</option>
    <option value="CONDITIONAL">有条件共享</option>
    <option value="NONE">不予共享</option>
  </select></label>
  <label>Text <input id="text" type="search" placeholder="title, legal basis or Type.field" spellcheck="false"></label>
  <button id="load" type="submit">Show</button>
  <a href="/graphql">explorer</a>
  <span id="status" aria-live="polite"></span>
</form>
<main>
  <table id="resources">
    <thead><tr>
      <th>Resource</th><th>Owner</th><th>Sharing</th><th>Legal basis</th><th>Updated</th><th>Contact</th>
      <th>Grades</th><th>Read by law</th><th>Fields</th>
    </tr></thead>
    <tbody></tbody>
  </table>
</main>
<script src="/catalog/catalog.js"></script>
</body>
</html>
`;

/**
 * The data resource catalog as a page of the explorer, at GET /catalog: every resource with its owner,
 * sharing terms, legal basis, grades and fields, filtered by system, terms and text. Offline like the
 * explorer (same content security policy); it asks /governance/graphql with the token typed in (the
 * explorer's, kept for the browser session).
 */
export function catalogRoutes(): Router {
  return staticPage({ path: '/catalog', page: PAGE, dir: BROWSER_DIR, assets: ASSETS });
}
