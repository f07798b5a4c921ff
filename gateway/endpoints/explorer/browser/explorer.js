// The govgraph explorer: GraphiQL (served by the gateway, no CDN) with the named operations preloaded
// and the caller's bearer token and stated purpose sent on every request, introspection included.
// Plain browser script: React, ReactDOM and GraphiQL are globals from the UMD files loaded before it.
/* global React, ReactDOM, GraphiQL */
(function () {
  'use strict';
  const PURPOSE_HEADER = 'x-govgraph-purpose';
  // Per browser tab only: a token is a credential and should not outlive the session.
  const store = window.sessionStorage;
  const tokenInput = document.getElementById('token');
  const purposeInput = document.getElementById('purpose');
  const who = document.getElementById('who');

  tokenInput.value = store.getItem('govgraph.token') || '';
  purposeInput.value = store.getItem('govgraph.purpose') || '';

  // What was pasted, without a "Bearer " prefix if it was copied with one.
  function currentToken() {
    return tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  }

  function headers() {
    const out = {};
    const token = currentToken();
    if (token) out.authorization = 'Bearer ' + token;
    const purpose = purposeInput.value.trim();
    // HTTP headers are Latin-1: the gateway accepts percent-encoded text (e.g. Chinese).
    if (purpose) out[PURPOSE_HEADER] = /^[\x20-\x7e]*$/.test(purpose) ? purpose : encodeURIComponent(purpose);
    return out;
  }

  // What the token says about its holder, read (not verified: the gateway does that) to help the user.
  function describeToken() {
    const token = currentToken();
    who.className = '';
    if (!token) {
      who.textContent = 'anonymous: public fields only';
      return;
    }
    try {
      const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      const roles = (payload.realm_access && payload.realm_access.roles) || [];
      const expired = typeof payload.exp === 'number' && payload.exp * 1000 < Date.now();
      who.textContent =
        (payload.preferred_username || payload.sub || '?') +
        (payload.region ? ' · region ' + payload.region : '') +
        (roles.length ? ' · ' + roles.join(', ') : '') +
        (expired ? ' · expired' : '');
      if (expired) who.className = 'problem';
    } catch {
      who.textContent = 'not a JWT';
      who.className = 'problem';
    }
  }

  const fetcher = GraphiQL.createFetcher({
    url: '/graphql',
    fetch: function (url, init) {
      return window.fetch(
        url,
        Object.assign({}, init, { headers: Object.assign({}, init && init.headers, headers()) }),
      );
    },
  });

  // Right after a tab switch GraphiQL can still send the previous tab's operationName; send the
  // name of the operation the text defines instead (or none, and let the gateway say which it needs).
  function operationNamed(params) {
    if (!params.operationName) return params;
    const names = Array.from(params.query.matchAll(/^\s*(?:query|mutation|subscription)\s+(\w+)/gm), function (m) {
      return m[1];
    });
    if (names.indexOf(params.operationName) >= 0) return params;
    return Object.assign({}, params, { operationName: names.length === 1 ? names[0] : undefined });
  }

  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  let tabs = [];

  // A new fetcher identity makes GraphiQL introspect again: the schema shown follows the token.
  function render() {
    root.render(
      React.createElement(GraphiQL, {
        key: 'explorer',
        fetcher: function (params, options) {
          return fetcher(operationNamed(params), options);
        },
        defaultTabs: tabs.map(function (tab) {
          return { query: tab.query, variables: tab.variables };
        }),
        defaultEditorToolsVisibility: 'variables',
        shouldPersistHeaders: false,
        isHeadersEditorEnabled: true,
      }),
    );
  }

  function credentialsChanged() {
    store.setItem('govgraph.token', tokenInput.value.trim());
    store.setItem('govgraph.purpose', purposeInput.value.trim());
    describeToken();
    render();
  }
  tokenInput.addEventListener('change', credentialsChanged);
  purposeInput.addEventListener('change', credentialsChanged);
  document.getElementById('credentials').addEventListener('submit', function (event) {
    event.preventDefault();
    credentialsChanged();
  });

  describeToken();
  window
    .fetch('/explorer/operations.json')
    .then(function (response) {
      return response.json();
    })
    .then(function (loaded) {
      tabs = loaded;
    })
    .catch(function () {
      tabs = [];
    })
    .then(render);
})();
