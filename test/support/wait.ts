/** Polls until `ok` holds and returns how long it took; fails after `limitMs`. */
export async function waitUntil(limitMs: number, ok: () => Promise<boolean> | boolean): Promise<number> {
  const started = Date.now();
  while (!(await ok())) {
    if (Date.now() - started > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((done) => setTimeout(done, 25));
  }
  return Date.now() - started;
}
