/**
 * Remembers a pure layer builder's recent answers, so a redraw reuses the traces of every layer
 * whose input did not change: the same trace objects and arrays, which costs no rebuilding here and
 * lets Plotly.react see by identity that those arrays are unchanged.
 *
 * An answer is found by the identity of one object of the input (the data the layer draws, e.g. a
 * series' buckets; `keyOf`), then by shallow equality (`Object.is`) of every field of the input.
 * Entries live as long as their key object (a WeakMap), at most `keep` per key. The builder must be
 * pure: the same input always gives the same answer, and nobody mutates an answer.
 *
 * @example
 *   const seriesLayer = memoLayer(buildSeriesLayer, (input) => input.buckets);
 *   seriesLayer(input) === seriesLayer({ ...input }); // true: same fields, same answer
 */
export function memoLayer<I extends object, O>(build: (input: I) => O, keyOf: (input: I) => object, keep = 16): (input: I) => O {
  const cache = new WeakMap<object, { input: I; output: O }[]>();
  return (input) => {
    const key = keyOf(input);
    let entries = cache.get(key);
    const hit = entries?.find((e) => shallowEqual(e.input, input));
    if (hit) return hit.output;
    const output = build(input);
    if (!entries) cache.set(key, (entries = []));
    entries.push({ input, output });
    if (entries.length > keep) entries.shift();
    return output;
  };
}

/** Whether two objects have the same own keys with `Object.is`-equal values. */
export function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && Object.is(ra[k], rb[k]));
}
