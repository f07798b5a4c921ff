import { join } from 'node:path';
import type { Router } from 'express';

import { projectRoot } from '../../../common/paths';
import { PURPOSE_HEADER } from '../../request/access/access-context';
import { staticPage } from '../static-page';

/** Plain browser files, read from the sources (tsc does not copy them). */
const BROWSER_DIR = join(projectRoot, 'gateway', 'endpoints', 'board', 'browser');
const ASSETS: Record<string, string> = { 'board.js': 'text/javascript', 'board.css': 'text/css' };

const PAGE = `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>govgraph supervision board</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/board/board.css">
</head>
<body>
<form id="credentials" autocomplete="off">
  <strong>govgraph 监督看板</strong>
  <label>Bearer token <input id="token" type="password" placeholder="npm run token -- --user …" spellcheck="false"></label>
  <label>Purpose (${PURPOSE_HEADER}) <input id="purpose" type="text" placeholder="JC-2026-0001; why you are looking" spellcheck="false"></label>
  <label>Months <input id="fromMonth" type="month"> – <input id="toMonth" type="month"></label>
  <button id="load" type="submit">Load</button>
  <span id="status" aria-live="polite"></span>
</form>
<main id="board">
  <section><h2>Open leads by state</h2><div id="by-state"></div></section>
  <section><h2>Open leads by region</h2><div id="by-region"></div></section>
  <section><h2>Overdue leads <span id="overdue-count"></span></h2><div id="overdue"></div></section>
  <section><h2>Match rate per city (编制核查)</h2><div id="match-rate"></div></section>
  <section><h2>Alerts <span id="alert-count"></span></h2><div id="alerts"></div></section>
</main>
<script src="/board/board.js"></script>
</body>
</html>
`;

/**
 * The supervision board at GET /board: open leads by state and region, overdue ones, the match rate
 * per city over the months, recent alerts. Offline like the explorer (every file from this process,
 * the same content security policy); it asks /graphql with the token and purpose typed in, so it shows
 * exactly what the caller may read.
 */
export function boardRoutes(): Router {
  return staticPage({ path: '/board', page: PAGE, dir: BROWSER_DIR, assets: ASSETS });
}
