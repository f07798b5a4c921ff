import { chromium, type Browser, type Page } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../../common/headless-chromium';
import { caller } from '../support/access';
import { mysqlStorage } from '../support/env';
import { gql } from '../support/graphql';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * The data resource catalog page in headless Chromium: it lists what the governance API lists, with each
 * resource's owner and terms, and its filters narrow it as the API's filters do; nothing leaves the
 * gateway, and no page error.
 */
describe('data resource catalog in a browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let token: string;
  const problems: string[] = [];
  const governance = () => caller(stack.gatewayUrl.replace(/\/graphql$/, '/governance/graphql'), token);
  const shown = () =>
    page.$$eval('#resources tbody tr', (rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { name: (row as HTMLElement).dataset['resource'], owner: cells[1], sharing: cells[2] };
      }),
    );
  const listed = async (filter: Record<string, string>) =>
    (
      (
        await gql(
          governance(),
          'query ($f: DataResourceFilter) { dataResources(filter: $f) { name owner { label } sharingLabel } }',
          { f: filter },
        )
      ).data!['dataResources'] as Array<{ name: string; owner: { label: string }; sharingLabel: string }>
    ).map((r) => ({ name: r.name, owner: r.owner.label, sharing: r.sharingLabel }));

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    token = await stack.realm.mint({ user: 'catalog.reader', roles: ['finance-officer'], region: '320500' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(new URL(stack.gatewayUrl).origin))
        problems.push(`left the gateway: ${request.url()}`);
    });
    await page.goto(stack.gatewayUrl.replace('/graphql', '/catalog'));
    await page.fill('#token', token);
    await page.click('#load');
    await page.waitForFunction(() => /\d+ resources/.test(document.querySelector('#status')?.textContent ?? ''));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.[Symbol.asyncDispose]();
  });

  it('lists every resource of the catalog with its owner and terms, as the API does', async () => {
    const all = await listed({});
    expect(all.length).toBeGreaterThan(20);
    expect(await shown()).toEqual(all);
    expect(await page.textContent('#status')).toBe(`${all.length} resources`);
  });

  it('filters by system, terms and text as the API does', async () => {
    await page.selectOption('#system', 'civil-affairs');
    await page.selectOption('#sharing', 'CONDITIONAL');
    await page.click('#load');
    await page.waitForFunction(() => document.querySelectorAll('#resources tbody tr').length === 1);
    expect(await shown()).toEqual(await listed({ system: 'civil-affairs', sharing: 'CONDITIONAL' }));
    expect((await shown())[0]).toEqual({
      name: 'civil-affairs.relief-recipients',
      owner: '民政局',
      sharing: '有条件共享 (conditional)',
    });
    await page.selectOption('#system', '');
    await page.selectOption('#sharing', '');
    await page.fill('#text', 'Household.address');
    await page.click('#load');
    await page.waitForFunction(
      () =>
        document.querySelector('#resources tbody tr')?.getAttribute('data-resource') ===
        'civil-affairs.household-addresses',
    );
    expect(await shown()).toEqual(await listed({ text: 'Household.address' }));
  });

  it('loads from the gateway alone, without errors', () => {
    expect(problems).toEqual([]);
  });
});
