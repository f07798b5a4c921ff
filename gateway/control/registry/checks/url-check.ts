import type { CheckFinding } from '../model';

/** A subgraph URL must be http(s), without credentials, on a host the operator allows. */
export function checkUrl(url: string, allowedHosts: readonly string[]): CheckFinding[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ check: 'url', severity: 'error', message: `"${url}" is not a URL` }];
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return [
      {
        check: 'url',
        severity: 'error',
        message: `URL scheme must be http or https, got ${parsed.protocol.replace(':', '')}`,
      },
    ];
  }
  if (parsed.username || parsed.password)
    return [{ check: 'url', severity: 'error', message: 'URL must not carry credentials' }];
  if (!allowedHosts.includes(parsed.hostname)) {
    return [
      {
        check: 'url',
        severity: 'error',
        message: `host ${parsed.hostname} is not on the allowed list (${allowedHosts.join(', ')})`,
      },
    ];
  }
  return [];
}
