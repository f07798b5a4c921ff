import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../../common/headless-chromium';
import { projectRoot } from '../../common/paths';
import { mysqlStorage } from '../support/env';
import { startTestStack, type TestStack } from '../support/stack';
import { PAY_RANGE, testManifest } from '../support/supervision';

/** The operation names written in schema/operations/, read with a plain pattern, not our loader. */
function namedOperations(): string[] {
  const dir = join(projectRoot, 'schema', 'operations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/^query (\w+)/gm)].map((m) => m[1]!));
}

/** What these tests touch of the page, typed here: the test project compiles without the DOM library. */
// Functions run in the page are serialised: each reaches the editors through these types only.
interface CodeMirrorHost {
  CodeMirror?: { getValue(): string; setValue(value: string): void };
}
interface PageGlobals {
  document: { querySelector(selector: string): CodeMirrorHost | null };
}

/** The JSON in GraphiQL's response editor (CodeMirror 5 keeps the whole text on its instance). */
async function responseShown(
  page: Page,
): Promise<{ data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const handle = await page.waitForFunction(() => {
    const text =
      (globalThis as unknown as PageGlobals).document
        .querySelector('.result-window .CodeMirror')
        ?.CodeMirror?.getValue() ?? '';
    return text.trim().startsWith('{') ? text : null;
  });
  return JSON.parse((await handle.jsonValue()) as string);
}

async function runTab(page: Page, operation: string): Promise<void> {
  await page.locator('.graphiql-tab', { hasText: operation }).first().locator('button').first().click();
  await page.locator('.graphiql-tab-active', { hasText: operation }).waitFor();
  await page.waitForFunction((name) => {
    const editor = (globalThis as unknown as PageGlobals).document.querySelector(
      '.graphiql-query-editor .CodeMirror',
    )?.CodeMirror;
    return editor?.getValue().includes(`query ${name}(`);
  }, operation);
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).document
      .querySelector('.result-window .CodeMirror')
      ?.CodeMirror?.setValue('');
  });
  await page.locator('.graphiql-execute-button').click();
}

/**
 * The explorer at GET /graphql in headless Chromium: it loads with no request leaving the gateway
 * (no CDN), shows every named operation as a tab, sends the token and purpose typed into its boxes
 * (Chinese purpose text percent-encoded), and answers what the API answers.
 */
describe('explorer in a browser', () => {
  const manifest = testManifest();
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const requested: Array<{ url: string; headers: Record<string, string> }> = [];
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack(mysqlStorage);
    origin = new URL(stack.gatewayUrl).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await (await browser.newContext()).newPage();
    page.on('request', (request) => requested.push({ url: request.url(), headers: request.headers() }));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(stack.gatewayUrl);
    await page.locator('.graphiql-container').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.[Symbol.asyncDispose]();
  });

  it('loads offline: every request goes to the gateway itself, under a content security policy', async () => {
    const page = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(requested.length).toBeGreaterThan(4);
    expect(requested.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('preloads one tab per named operation of schema/operations/', async () => {
    const titles = await page.locator('.graphiql-tab').allInnerTexts();
    expect(titles.map((t) => t.trim())).toEqual(namedOperations());
  });

  it('sends the typed token and purpose, and shows what the API answers to the same call', async () => {
    const token = await stack.realm.mint({ user: 'staffing.province', roles: ['staffing-officer'], region: '320000' });
    await page.fill('#token', token);
    await page.fill('#purpose', 'BB-2026-0001; 编制核查');
    await page.press('#purpose', 'Enter');
    await page.locator('#who', { hasText: 'staffing.province' }).waitFor();

    await runTab(page, 'HeadcountMismatches');
    const shown = await responseShown(page);
    expect(shown.errors ?? []).toEqual([]);
    const mismatches = shown.data!['headcountReconciliation']['mismatches'];
    expect(mismatches.totalCount).toBe(manifest.anomalies.GHOST_NOT_ON_ROLL.length);

    const sent = requested.filter((r) => r.url === stack.gatewayUrl && r.headers['authorization']).at(-1)!;
    expect(sent.headers['authorization']).toBe(`Bearer ${token}`);
    expect(decodeURIComponent(sent.headers['x-govgraph-purpose']!)).toBe('BB-2026-0001; 编制核查');

    const direct = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-govgraph-purpose': encodeURIComponent('BB-2026-0001; 编制核查'),
      },
      body: JSON.stringify({
        query: readFileSync(join(projectRoot, 'schema', 'operations', 'headcount-mismatches.graphql'), 'utf8'),
        variables: { ...PAY_RANGE, kind: 'PAID_NOT_ON_ROLL' },
      }),
    });
    expect(shown).toEqual(await direct.json());
  });

  it('without a token the same tab is refused the way the API refuses it', async () => {
    await page.fill('#token', '');
    await page.press('#token', 'Enter');
    await page.locator('#who', { hasText: 'anonymous' }).waitFor();
    await runTab(page, 'HeadcountMismatches');
    const shown = await responseShown(page);
    expect(shown.data?.['headcountReconciliation']?.['mismatches'] ?? null).toBeNull();
    expect((shown.errors ?? []).map((e) => e.extensions?.code)).toContain('FORBIDDEN_FIELD');
  });

  it('leaves GraphQL over GET and POST to the API', async () => {
    const get = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    const asset = await fetch(`${origin}/explorer/../package.json`);
    expect(asset.status).toBe(404);
  });
});
