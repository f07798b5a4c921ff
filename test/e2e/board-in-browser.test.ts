import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../../common/headless-chromium';
import { caller, INSPECTION_PURPOSE, type Caller } from '../support/access';
import { mysqlStorage, TEST_PREFIX, testDb } from '../support/env';
import { gqlData } from '../support/graphql';
import { SqlOracle } from '../support/mysql';
import { startTestStack, type TestStack } from '../support/stack';
import { PAY_RANGE } from '../support/supervision';

const CASES_DB = `${TEST_PREFIX}cases`;
const OPEN = ['REGISTERED', 'ASSIGNED', 'VERIFYING', 'RECTIFYING', 'REVIEWING'];

/**
 * The supervision board in headless Chromium, as a supervisor sees it: the numbers on the page are
 * those of plain SQL over the cases database (leads by state and region, overdue, alerts) and of the
 * reconciliation asked of the API (match rate per city and month); a screenshot is taken of it.
 */
describe('supervision board in a browser', () => {
  const sql = new SqlOracle();
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let token: string;
  let supervisor: Caller;
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    token = await stack.realm.mint({ user: 'board.supervisor', roles: ['supervisor'], region: '320000' });
    supervisor = caller(stack.gatewayUrl, token, INSPECTION_PURPOSE);
    // Something to show: three leads of a county, two assigned, one of them overdue; alerts of a rule.
    const [body] = await sql.rows<{ uscc: string; county: string }>(
      `SELECT uscc, region_code county FROM ${testDb('staffing')}.org WHERE region_code NOT LIKE '%00' ORDER BY id LIMIT 1`,
    );
    const ids: string[] = [];
    for (const summary of ['看板线索一', '看板线索二', '看板线索三'])
      ids.push(
        (
          (await gqlData(
            supervisor,
            `mutation($r: String!, $s: String!) { registerLead(input: { kind: "PAID_NOT_ON_ROLL", regionCode: $r, summary: $s }) { id } }`,
            { r: body!.county, s: summary },
          )) as { registerLead: { id: string } }
        ).registerLead.id,
      );
    for (const id of ids.slice(0, 2))
      await gqlData(
        supervisor,
        `mutation($id: ID!, $o: ID!) { assignLead(id: $id, orgUscc: $o, deadline: "2099-12-31") { id } }`,
        {
          id,
          o: body!.uscc,
        },
      );
    await sql.rows(`UPDATE ${CASES_DB}.lead SET deadline = '2026-01-01' WHERE id = ?`, [Number(ids[0])]);
    const rule = (await gqlData(
      supervisor,
      `mutation { createWatchRule(input: { name: "看板规则", office: "监督检查室", check: WELFARE, regionCode: "320000", schedule: "0 2 1 * *" }) { id } }`,
    )) as { createWatchRule: { id: string } };
    await gqlData(supervisor, `mutation($id: ID!) { runWatchRule(id: $id) { newAlerts } }`, {
      id: rule.createWatchRule.id,
    });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1100 } })).newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(new URL(stack.gatewayUrl).origin))
        problems.push(`left the gateway: ${request.url()}`);
    });
    await page.goto(stack.gatewayUrl.replace('/graphql', '/board'));
    await page.fill('#token', token);
    await page.fill('#purpose', INSPECTION_PURPOSE);
    await page.fill('#fromMonth', PAY_RANGE.fromMonth);
    await page.fill('#toMonth', PAY_RANGE.toMonth);
    await page.click('#load');
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.[Symbol.asyncDispose]();
    await sql[Symbol.asyncDispose]();
  });

  const cell = (selector: string) => page.locator(selector).first().innerText();

  it('shows the leads by state and region, the overdue ones and the alerts as plain SQL counts them', async () => {
    for (const state of [...OPEN, 'CLOSED']) {
      const n = await sql.value<number>(
        `SELECT COUNT(*) FROM ${CASES_DB}.lead WHERE state = ? AND region_code LIKE '32%'`,
        [state],
      );
      expect([state, await cell(`td[data-state="${state}"]`)]).toEqual([state, String(n)]);
    }
    const regions = await sql.rows<{ code: string; n: number }>(
      `SELECT region_code code, COUNT(*) n FROM ${CASES_DB}.lead WHERE state <> 'CLOSED' AND region_code LIKE '32%' GROUP BY region_code`,
    );
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) expect([r.code, await cell(`td[data-region="${r.code}"]`)]).toEqual([r.code, String(r.n)]);
    const overdue = await sql.value<number>(
      `SELECT COUNT(*) FROM ${CASES_DB}.lead WHERE state IN ('ASSIGNED','VERIFYING','RECTIFYING') AND deadline < ? AND region_code LIKE '32%'`,
      [new Date().toISOString().slice(0, 10)],
    );
    expect(Number(overdue)).toBeGreaterThan(0);
    expect(await page.getAttribute('#overdue-count', 'data-count')).toBe(String(overdue));
    const alerts = await sql.value<number>(`SELECT COUNT(*) FROM ${CASES_DB}.alert WHERE region_code LIKE '32%'`);
    expect(Number(alerts)).toBeGreaterThan(0);
    expect(await page.getAttribute('#alert-count', 'data-count')).toBe(String(alerts));
  });

  it('shows each city’s match rate per month as the API computes it', async () => {
    const cities = (
      (await gqlData(supervisor, `{ regions(parentCode: "320000") { code } }`)) as {
        regions: Array<{ code: string }>;
      }
    ).regions;
    expect(cities.length).toBeGreaterThan(1);
    for (const city of cities.slice(0, 3))
      for (const month of [PAY_RANGE.fromMonth, PAY_RANGE.toMonth]) {
        const answer = (await gqlData(
          supervisor,
          `query($r: String!, $m: String!) { headcountReconciliation(regionCode: $r, fromMonth: $m, toMonth: $m) { matchRate } }`,
          { r: city.code, m: month },
        )) as { headcountReconciliation: { matchRate: number } };
        expect(await cell(`td[data-city="${city.code}"][data-month="${month}"]`)).toBe(
          `${(answer.headcountReconciliation.matchRate * 100).toFixed(1)}%`,
        );
      }
  });

  it('loads from the gateway alone, without errors, and a screenshot shows it', async () => {
    expect(problems).toEqual([]);
    const file = process.env['BOARD_SCREENSHOT'] ?? join(mkdtempSync(join(tmpdir(), 'govgraph-board-')), 'board.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(statSync(file).size).toBeGreaterThan(30_000);
  });
});
