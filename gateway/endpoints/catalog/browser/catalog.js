// The govgraph data resource catalog page: plain browser script, no library. It asks
// /governance/graphql with the token typed in; data is written with textContent only (never as HTML).
(function () {
  'use strict';
  const store = window.sessionStorage;
  const $ = (id) => document.getElementById(id);
  const status = $('status');
  $('token').value = store.getItem('govgraph.token') || '';

  const QUERY = `query Catalog($filter: DataResourceFilter) {
    dataResources(filter: $filter) {
      name title system sharing sharingLabel legalBasis updateFrequency contact levels fields
      owner { name label } statutoryReaders { label } openTo { role basis }
    }
  }`;

  function cell(row, text, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  async function ask(filter) {
    const token = $('token')
      .value.trim()
      .replace(/^Bearer\s+/i, '');
    const response = await fetch('/governance/graphql', {
      method: 'POST',
      headers: Object.assign({ 'content-type': 'application/json' }, token ? { authorization: 'Bearer ' + token } : {}),
      body: JSON.stringify({ query: QUERY, variables: { filter } }),
    });
    const body = await response.json();
    if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data.dataResources;
  }

  function render(resources) {
    const body = document.querySelector('#resources tbody');
    body.replaceChildren();
    for (const r of resources) {
      const row = document.createElement('tr');
      row.dataset.resource = r.name;
      const name = cell(row, r.title, 'name');
      const code = document.createElement('small');
      code.textContent = r.name;
      name.appendChild(code);
      cell(row, r.owner.label);
      cell(row, r.sharingLabel, 'sharing sharing-' + r.sharing);
      cell(row, r.legalBasis);
      cell(row, r.updateFrequency);
      cell(row, r.contact);
      cell(row, r.levels.join(', '));
      cell(
        row,
        r.statutoryReaders
          .map((d) => d.label)
          .concat(r.openTo.map((o) => o.role + ' (' + o.basis + ')'))
          .join('; '),
      );
      const fields = cell(row, '', 'fields');
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = r.fields.length + ' fields';
      details.appendChild(summary);
      for (const f of r.fields) {
        const line = document.createElement('code');
        line.textContent = f;
        details.appendChild(line);
      }
      fields.appendChild(details);
      body.appendChild(row);
    }
  }

  let systemsKnown = false;
  async function load(event) {
    if (event) event.preventDefault();
    store.setItem('govgraph.token', $('token').value.trim());
    status.className = '';
    status.textContent = 'Loading…';
    const filter = {};
    if ($('system').value) filter.system = $('system').value;
    if ($('sharing').value) filter.sharing = $('sharing').value;
    if ($('text').value.trim()) filter.text = $('text').value.trim();
    try {
      const resources = await ask(filter);
      if (!systemsKnown) {
        systemsKnown = true;
        for (const system of [...new Set(resources.map((r) => r.system))].sort()) {
          const option = document.createElement('option');
          option.value = system;
          option.textContent = system;
          $('system').appendChild(option);
        }
      }
      render(resources);
      status.textContent = resources.length + ' resources';
    } catch (error) {
      status.className = 'error';
      status.textContent = error.message;
    }
  }

  $('credentials').addEventListener('submit', load);
  if ($('token').value) load();
})();
