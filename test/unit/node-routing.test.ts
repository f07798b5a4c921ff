import { parse } from 'graphql';

import { NodeTable } from '../../common/regional-nodes/node-table';
import type { RegionalNode } from '../../common/regional-nodes/regional-node';
import { checkNodeSchema } from '../../gateway/control/nodes/node-schema-check';
import { mergeAnswers, type NodeAnswer } from '../../gateway/request/routing/merge-answers';
import { decodeNodeCursor, encodeNodeCursor } from '../../gateway/request/routing/node-cursor';
import { rootFieldsOf } from '../../gateway/request/routing/root-fields';

const node = (regionCode: string, status: RegionalNode['status'] = 'ACTIVE', system = 'finance'): RegionalNode => ({
  id: `${system}@${regionCode}`,
  system,
  regionCode,
  url: `http://127.0.0.1/${regionCode}`,
  office: 'x',
  contact: 'x',
  status,
  schema: 'SAME',
  registeredBy: 'a',
  registeredAt: '',
  decidedBy: null,
  decidedAt: null,
  changedBy: null,
  changedAt: null,
  reason: null,
});

describe('routing by region scope', () => {
  const table = new NodeTable();
  table.replace(['320000', '320100', '320102', '320200', '320205', '330000'].map((r) => node(r)));
  const route = (...regions: string[]) => table.route('finance', regions).map((n) => n.regionCode);

  it('a county with its own node asks that node only', () => expect(route('320102')).toEqual(['320102']));
  it('a county without one asks the nearest node above it', () => {
    expect(route('320104')).toEqual(['320100']);
    expect(route('320302')).toEqual(['320000']);
  });
  it('a city asks its own node and those below; the province all of its own', () => {
    expect(route('320100')).toEqual(['320100', '320102']);
    expect(route('320000')).toEqual(['320000', '320100', '320102', '320200', '320205']);
  });
  it('a grant widens the scope exactly by its region', () =>
    expect(route('320102', '320205')).toEqual(['320102', '320205']));
  it('a suspended node is no longer asked, and its region falls to the node above', () => {
    const t = new NodeTable();
    t.replace([node('320100'), node('320102')]);
    t.apply(node('320102', 'SUSPENDED'));
    expect(t.route('finance', ['320102']).map((n) => n.regionCode)).toEqual(['320100']);
    expect(t.size).toBe(1);
    expect(t.hasNodes('staffing')).toBe(false);
  });
});

describe('merging the nodes’ answers', () => {
  const answer = (regionCode: string, data: Record<string, unknown> | null, errors?: unknown[]): NodeAnswer => ({
    node: node(regionCode),
    result: data === null && !errors ? null : ({ data, ...(errors ? { errors } : {}) } as never),
  });
  const page = (ids: number[], more: boolean) => ({
    totalCount: 10,
    nodes: ids.map((id) => ({ id })),
    pageInfo: { hasNextPage: more, endCursor: ids.length ? `c${ids.at(-1)}` : null },
  });
  const fields = rootFieldsOf(
    parse('{ payments(first: 3) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }'),
  ).fields;

  it('a connection: totals summed, rows node after node, the end cursor naming where the page stopped', async () => {
    const asked: Array<[number, number, string | null]> = [];
    const merged = await mergeAnswers(
      fields,
      [answer('320100', { payments: page([1, 2], false) }), answer('320200', { payments: page([7, 8, 9], true) })],
      new Map([['payments', { first: 3, start: 0, cursor: null }]]),
      async (_f, n, first, after) => {
        asked.push([n, first, after]);
        return 'c7';
      },
    );
    const payments = (merged.data as any).payments;
    expect(payments.totalCount).toBe(20);
    expect(payments.nodes).toEqual([{ id: 1 }, { id: 2 }, { id: 7 }]);
    expect(payments.pageInfo.hasNextPage).toBe(true);
    expect(decodeNodeCursor(payments.pageInfo.endCursor)).toEqual({ region: '320200', cursor: 'c7' });
    expect(asked).toEqual([[1, 1, null]]);
  });

  it('rows with their ids merge in id order, with the cursor one system gives', async () => {
    const rows = (ids: number[], more: boolean) => ({
      totalCount: 5,
      nodes: ids.map((id) => ({ id: String(id), __govgraph_order: String(id) })),
      pageInfo: { hasNextPage: more, endCursor: 'own' },
    });
    const merged = await mergeAnswers(
      fields,
      [answer('320100', { payments: rows([2, 5, 9], true) }), answer('320200', { payments: rows([1, 3, 4], false) })],
      new Map([['payments', { first: 3, start: 0, cursor: null, keyset: true }]]),
      async () => {
        throw new Error('no extra call by id');
      },
    );
    const payments = (merged.data as any).payments;
    expect(payments.nodes.map((n: { id: string }) => n.id)).toEqual(['1', '2', '3']);
    expect(payments.totalCount).toBe(10);
    expect(payments.pageInfo).toEqual({ hasNextPage: true, endCursor: Buffer.from('id:3').toString('base64url') });
  });

  it('entities merge field by field: lists from every node, values from the first that has one', async () => {
    const entities = rootFieldsOf(
      parse('{ _entities(representations: []) { ... on Person { memberships death } } }'),
    ).fields;
    const merged = await mergeAnswers(
      entities,
      [
        answer('320100', {
          _entities: [
            { memberships: [1], death: null },
            { memberships: [], death: null },
          ],
        }),
        answer('320200', { _entities: [{ memberships: [2], death: 'd' }, null] }),
      ],
      new Map(),
      async () => null,
    );
    expect((merged.data as any)._entities).toEqual([
      { memberships: [1, 2], death: 'd' },
      { memberships: [], death: null },
    ]);
  });

  it('errors land at the merged rows; the same error from two nodes is reported once', async () => {
    const boom = (path: unknown[]) => ({ message: 'boom', path });
    const merged = await mergeAnswers(
      fields,
      [
        answer('320100', { payments: page([1], false) }, [boom(['payments', 'nodes', 0, 'amount'])]),
        answer('320200', { payments: page([7], false) }, [
          boom(['payments', 'nodes', 0, 'amount']),
          { message: 'once' },
        ]),
        answer('320300', { payments: page([], false) }, [{ message: 'once' }]),
      ],
      new Map([['payments', { first: 3, start: 0, cursor: null }]]),
      async () => null,
    );
    expect(merged.errors?.map((e) => [e.message, e.path])).toEqual([
      ['boom', ['payments', 'nodes', 0, 'amount']],
      ['boom', ['payments', 'nodes', 1, 'amount']],
      ['once', undefined],
    ]);
  });

  it('a cursor over nodes is refused when forged', () => {
    expect(decodeNodeCursor(encodeNodeCursor({ region: '320100', cursor: null }))).toEqual({
      region: '320100',
      cursor: null,
    });
    expect(() => decodeNodeCursor(Buffer.from('nodes:["x", 1]').toString('base64url'))).toThrow(/not a cursor/);
  });
});

describe('a node serves its system’s schema', () => {
  const sdl = 'type Query { a(x: Int): String } type T { b: Int! }';
  it('the same schema, or a newer one that only adds', () => {
    expect(checkNodeSchema(sdl, sdl)).toEqual({ schema: 'SAME' });
    expect(checkNodeSchema(sdl, `${sdl} extend type T { c: String }`)).toEqual({ schema: 'NEWER' });
  });
  it('refused when a field is missing or changed', () => {
    expect(checkNodeSchema(sdl, 'type Query { a(x: Int): String } type T { b: Int }')).toEqual({
      refused: expect.stringMatching(/T.b is \(\): Int, not \(\): Int!/),
    });
    expect(checkNodeSchema(sdl, 'type Query { a: String } type T { b: Int! }')).toEqual({
      refused: expect.stringMatching(/Query.a is/),
    });
    expect(checkNodeSchema(sdl, 'type Query { a(x: Int): String }')).toEqual({
      refused: expect.stringMatching(/T.b is missing/),
    });
  });
});
