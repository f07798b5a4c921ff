// The govgraph supervision board: plain browser script, no library. It asks /graphql with the token and
// purpose typed in, so it shows exactly what that caller may read. Data is written with textContent
// only (never as HTML).
(function () {
  'use strict';
  const PURPOSE_HEADER = 'x-govgraph-purpose';
  const OPEN_STATES = ['REGISTERED', 'ASSIGNED', 'VERIFYING', 'RECTIFYING', 'REVIEWING'];
  const store = window.sessionStorage;
  const $ = (id) => document.getElementById(id);
  const status = $('status');

  const monthOf = (date) => date.toISOString().slice(0, 7);
  const now = new Date();
  const lastFull = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const threeBack = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 1));
  $('token').value = store.getItem('govgraph.token') || '';
  $('purpose').value = store.getItem('govgraph.purpose') || '';
  $('fromMonth').value = store.getItem('govgraph.board.from') || monthOf(threeBack);
  $('toMonth').value = store.getItem('govgraph.board.to') || monthOf(lastFull);

  function headers() {
    const out = { 'content-type': 'application/json' };
    const token = $('token')
      .value.trim()
      .replace(/^Bearer\s+/i, '');
    if (token) out.authorization = 'Bearer ' + token;
    const purpose = $('purpose').value.trim();
    if (purpose) out[PURPOSE_HEADER] = /^[\x20-\x7e]*$/.test(purpose) ? purpose : encodeURIComponent(purpose);
    return out;
  }

  async function ask(query, variables) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }

  // The province of the caller's token region (read, not verified: the gateway does that).
  function province() {
    try {
      const token = headers().authorization.split(' ')[1];
      const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return String(payload.region || '320000').slice(0, 2) + '0000';
    } catch {
      return '320000';
    }
  }

  function months(from, to) {
    const out = [];
    for (
      let d = new Date(from + '-01T00:00:00Z');
      monthOf(d) <= to && out.length < 12;
      d.setUTCMonth(d.getUTCMonth() + 1)
    )
      out.push(monthOf(d));
    return out;
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function table(head, rows) {
    const t = el('table');
    const tr = el('tr');
    head.forEach((h) => tr.appendChild(el('th', h.n ? { class: 'n' } : {}, h.label)));
    t.appendChild(tr);
    rows.forEach((cells) => {
      const row = el('tr');
      cells.forEach((c) => row.appendChild(el('td', c.attrs || {}, c.text)));
      t.appendChild(row);
    });
    return t;
  }

  function bars(items, late) {
    const svgNs = 'http://www.w3.org/2000/svg';
    const max = Math.max(1, ...items.map((i) => i.value));
    const svg = document.createElementNS(svgNs, 'svg');
    const rowHeight = 22;
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', String(items.length * rowHeight + 4));
    svg.setAttribute('viewBox', '0 0 400 ' + (items.length * rowHeight + 4));
    items.forEach((item, i) => {
      const label = document.createElementNS(svgNs, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(i * rowHeight + 15));
      label.textContent = item.label;
      svg.appendChild(label);
      const bar = document.createElementNS(svgNs, 'rect');
      bar.setAttribute('x', '120');
      bar.setAttribute('y', String(i * rowHeight + 3));
      bar.setAttribute('height', '16');
      bar.setAttribute('width', String(Math.max(1, (item.value / max) * 230)));
      bar.setAttribute('class', late && late(item) ? 'bar late' : 'bar');
      svg.appendChild(bar);
      const value = document.createElementNS(svgNs, 'text');
      value.setAttribute('x', String(126 + (item.value / max) * 230));
      value.setAttribute('y', String(i * rowHeight + 15));
      value.textContent = item.text || String(item.value);
      svg.appendChild(value);
    });
    return svg;
  }

  function fill(id, ...nodes) {
    const box = $(id);
    box.replaceChildren(...nodes);
  }

  const BOARD = `query Board($today: Date!, $province: String!) {
    leadStatistics { total overdue byState { state leads } byRegion { regionCode state leads } }
    overdueLeads: leads(overdueOn: $today, first: 20) { totalCount nodes { id kind regionCode deadline escalationLevel handlingRegion } }
    alerts(first: 10) { totalCount nodes { id kind regionCode amount timesSeen rule { name } } }
    cities: regions(parentCode: $province) { code name }
  }`;

  async function load() {
    store.setItem('govgraph.token', $('token').value);
    store.setItem('govgraph.purpose', $('purpose').value);
    store.setItem('govgraph.board.from', $('fromMonth').value);
    store.setItem('govgraph.board.to', $('toMonth').value);
    status.className = '';
    status.textContent = 'loading…';
    const today = new Date().toISOString().slice(0, 10);
    const data = await ask(BOARD, { today, province: province() });
    const stats = data.leadStatistics;

    const count = (state) => (stats.byState.find((s) => s.state === state) || { leads: 0 }).leads;
    fill(
      'by-state',
      bars(OPEN_STATES.map((state) => ({ label: state, value: count(state) }))),
      table(
        [{ label: 'state' }, { label: 'leads', n: true }],
        OPEN_STATES.concat(['CLOSED']).map((state) => [
          { text: state },
          { text: count(state), attrs: { class: 'n', 'data-state': state } },
        ]),
      ),
    );

    const openByRegion = new Map();
    stats.byRegion
      .filter((r) => r.state !== 'CLOSED')
      .forEach((r) => openByRegion.set(r.regionCode, (openByRegion.get(r.regionCode) || 0) + r.leads));
    fill(
      'by-region',
      table(
        [{ label: 'region' }, { label: 'open leads', n: true }],
        [...openByRegion.entries()]
          .sort()
          .map(([code, n]) => [{ text: code }, { text: n, attrs: { class: 'n', 'data-region': code } }]),
      ),
    );

    $('overdue-count').textContent = '(' + data.overdueLeads.totalCount + ')';
    $('overdue-count').setAttribute('data-count', String(data.overdueLeads.totalCount));
    fill(
      'overdue',
      table(
        [{ label: 'lead' }, { label: 'kind' }, { label: 'region' }, { label: 'deadline' }, { label: 'handled by' }],
        data.overdueLeads.nodes.map((l) => [
          { text: l.id },
          { text: l.kind },
          { text: l.regionCode },
          { text: l.deadline },
          { text: l.handlingRegion + (l.escalationLevel ? ' (↑' + l.escalationLevel + ')' : '') },
        ]),
      ),
    );

    $('alert-count').textContent = '(' + data.alerts.totalCount + ')';
    $('alert-count').setAttribute('data-count', String(data.alerts.totalCount));
    fill(
      'alerts',
      table(
        [{ label: 'rule' }, { label: 'kind' }, { label: 'region' }, { label: 'seen', n: true }],
        data.alerts.nodes.map((a) => [
          { text: a.rule.name },
          { text: a.kind },
          { text: a.regionCode },
          { text: a.timesSeen, attrs: { class: 'n' } },
        ]),
      ),
    );

    // One request for every city and month: each an aliased reconciliation of that city in that month.
    const range = months($('fromMonth').value, $('toMonth').value);
    const cities = data.cities || [];
    if (cities.length && range.length) {
      const fields = [];
      cities.forEach((c, i) =>
        range.forEach((m, j) =>
          fields.push(
            'c' +
              i +
              'm' +
              j +
              ': headcountReconciliation(regionCode: "' +
              c.code +
              '", fromMonth: "' +
              m +
              '", toMonth: "' +
              m +
              '") { matchRate }',
          ),
        ),
      );
      const rates = await ask('query BoardMatchRates { ' + fields.join(' ') + ' }', {});
      const rate = (i, j) => rates['c' + i + 'm' + j].matchRate;
      fill(
        'match-rate',
        bars(
          cities.map((c, i) => ({
            label: c.name,
            value: rate(i, range.length - 1),
            text: (rate(i, range.length - 1) * 100).toFixed(1) + '%',
          })),
          (item) => item.value < 0.98,
        ),
        table(
          [{ label: 'city' }].concat(range.map((m) => ({ label: m, n: true }))),
          cities.map((c, i) =>
            [{ text: c.name }].concat(
              range.map((m, j) => ({
                text: (rate(i, j) * 100).toFixed(1) + '%',
                attrs: { class: 'n', 'data-city': c.code, 'data-month': m },
              })),
            ),
          ),
        ),
      );
    }
    status.textContent = 'as of ' + new Date().toLocaleString();
    document.body.setAttribute('data-loaded', 'true');
  }

  $('credentials').addEventListener('submit', (event) => {
    event.preventDefault();
    load().catch((error) => {
      status.className = 'problem';
      status.textContent = error.message;
    });
  });
})();
