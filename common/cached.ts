/** The value kept in `map` under `key`, made by `build` the first time it is asked for. */
export function cachedIn<K, V>(
  map: { get(key: K): V | undefined; set(key: K, value: V): unknown },
  key: K,
  build: () => V,
): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = build()));
  return value;
}

/**
 * `compute` made once per object, by identity, for as long as the object lives (a parsed document, a
 * plan's fetch): what the request path derives from things Apollo and the planners reuse across requests.
 */
export function oncePer<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const values = new WeakMap<K, V>();
  return (key) => cachedIn(values, key, () => compute(key));
}
