import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { ERROR_CATALOGUE, statusOf } from '../../common/errors';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('the error catalogue', () => {
  it('gives every code an HTTP status and a meaning; codes from elsewhere answer 502', () => {
    for (const [code, { status, meaning }] of Object.entries(ERROR_CATALOGUE)) {
      expect([code, status >= 400 && status < 600, meaning.length > 20]).toEqual([code, true, true]);
    }
    expect(statusOf('RATE_LIMITED')).toBe(429);
    expect(statusOf('SOMETHING_A_SUBGRAPH_SAID')).toBe(502);
  });

  it('is the only place a code is written as a string', () => {
    const written = sources(join(root, 'gateway'))
      .concat(sources(join(root, 'common')), sources(join(root, 'subgraphs')))
      .filter((file) => !file.endsWith(join('common', 'errors.ts')))
      .flatMap((file) =>
        Object.keys(ERROR_CATALOGUE)
          .filter((code) => readFileSync(file, 'utf8').includes(`'${code}'`))
          .map((code) => `${relative(root, file)}: '${code}'`),
      );
    expect(written).toEqual([]);
  });
});
