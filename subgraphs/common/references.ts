/** A foreign key that must resolve; a dangling one is a data error, reported as an internal error. */
export async function required<T>(pending: Promise<T | null>, what = 'reference'): Promise<T> {
  const value = await pending;
  if (value === null) throw new Error(`dangling ${what}`);
  return value;
}
