// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CLI answers are printed as they come
export type Answer = Record<string, any>;

interface CliError {
  message: string;
  extensions?: { findings?: Array<{ check: string; severity: string; message: string }> };
}

/** The gateway a CLI talks to: GATEWAY_URL, default http://127.0.0.1:4000. */
export const gatewayUrl = (): string => (process.env['GATEWAY_URL'] || 'http://127.0.0.1:4000').replace(/\/+$/, '');

/**
 * One GraphQL call from a command-line tool to a gateway endpoint (`/admin/graphql`,
 * `/governance/graphql`) with a bearer token; errors (and registry findings) become one Error to print.
 */
export async function callGateway(
  path: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${gatewayUrl()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new Error(`no gateway answers at ${gatewayUrl()} (set GATEWAY_URL)`);
  }
  const body = (await response
    .json()
    .catch(() => ({ errors: [{ message: `${path} answered ${response.status} without JSON` }] }))) as {
    data?: Answer;
    errors?: CliError[];
  };
  if (body.errors?.length) {
    const lines = body.errors.flatMap((e) => [
      e.message,
      ...(e.extensions?.findings ?? []).map((f) => `  [${f.severity}] ${f.check}: ${f.message}`),
    ]);
    throw new Error(lines.join('\n'));
  }
  return body.data ?? {};
}

/** Prints an answer as indented JSON (strings as they are). */
export const print = (value: unknown): void => {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
};
