// graphql-codegen plugin: the trusted-documents manifest of schema/operations/ (Apollo's persisted query
// manifest format, which Apollo Router and Hive Gateway read too). Each operation's body is printed with
// the fragments it uses; its id is the SHA-256 of that body, the hash clients send.
const { createHash } = require('node:crypto');
const { Kind, print, visit } = require('graphql');

function fragmentsUsed(operation, fragments) {
  const used = new Map();
  const walk = (node) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (used.has(name) || !fragments.has(name)) return;
        used.set(name, fragments.get(name));
        walk(fragments.get(name));
      },
    });
  walk(operation);
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

module.exports = {
  plugin(_schema, documents) {
    const definitions = documents.flatMap((d) => d.document.definitions);
    const fragments = new Map(
      definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const operations = definitions
      .filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => {
        const body = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsed(operation, fragments)] });
        return {
          id: createHash('sha256').update(body).digest('hex'),
          name: operation.name.value,
          type: operation.operation,
          body,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    return `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;
  },
};
