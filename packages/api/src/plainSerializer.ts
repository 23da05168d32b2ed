import type superjson from 'superjson';

type Serialized = ReturnType<typeof superjson.serialize>;

/** A value this walker does not take; superjson's own walk then does the job. */
const UNSUPPORTED = Symbol('unsupported');

const escapeKey = (key: string) =>
  key.includes('.') || key.includes('\\') ? key.replace(/\\/g, '\\\\').replace(/\./g, '\\.') : key;

const isPlainObject = (value: object) => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/**
 * superjson's output for the shapes DTOs have (plain objects, dense arrays, strings, finite
 * numbers, booleans, null, undefined, valid Dates), byte for byte, in one walk without
 * superjson's per-node path arrays; undefined for anything else (Map, Set, BigInt, NaN,
 * -0, class instances, an object met twice, keys superjson refuses), which superjson then
 * serialises itself. Output equal to superjson's reads back alike with any superjson client.
 */
type Annotations = [string] | Record<string, [string]>;

export function serializePlain(value: unknown): Serialized | undefined {
  const seen = new Set<object>();
  // The annotations of the node walked last, nested as superjson nests them, so that the
  // paths come out in its order (an object puts integer-like keys first).
  let annotations: Annotations | undefined;

  /** Into `inner`, the last child's annotations under its key. */
  function collect(inner: Record<string, [string]> | undefined, key: string) {
    const child = annotations;
    if (!child) return inner;
    inner ??= {};
    const prefix = escapeKey(key);
    if (Array.isArray(child)) inner[prefix] = child;
    else for (const path in child) inner[`${prefix}.${path}`] = child[path]!;
    return inner;
  }

  function walk(node: unknown): unknown {
    annotations = undefined;
    switch (typeof node) {
      case 'string':
      case 'boolean':
        return node;
      case 'number':
        // NaN, ±Infinity and -0 carry a 'number' annotation: superjson's walk.
        return Number.isFinite(node) && !Object.is(node, -0) ? node : UNSUPPORTED;
      case 'undefined':
        annotations = ['undefined'];
        return null;
      case 'object':
        break;
      default:
        return UNSUPPORTED;
    }
    if (node === null) return null;
    // An object met twice becomes a referential-equality annotation in superjson.
    if (seen.has(node)) return UNSUPPORTED;
    seen.add(node);
    if (node instanceof Date) {
      if (Number.isNaN(node.getTime())) return UNSUPPORTED;
      annotations = ['Date'];
      return node.toISOString();
    }
    let inner: Record<string, [string]> | undefined;
    if (Array.isArray(node)) {
      // Holes and extra properties: superjson walks them its own way.
      if (Object.keys(node).length !== node.length) return UNSUPPORTED;
      const copy: unknown[] = new Array(node.length);
      for (let index = 0; index < node.length; index += 1) {
        const item = walk(node[index]);
        if (item === UNSUPPORTED) return UNSUPPORTED;
        copy[index] = item;
        inner = collect(inner, String(index));
      }
      annotations = inner;
      return copy;
    }
    if (!isPlainObject(node)) return UNSUPPORTED;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      // superjson throws on these (prototype pollution); let it.
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return UNSUPPORTED;
      const item = walk((node as Record<string, unknown>)[key]);
      if (item === UNSUPPORTED) return UNSUPPORTED;
      copy[key] = item;
      inner = collect(inner, key);
    }
    annotations = inner;
    return copy;
  }

  const json = walk(value);
  if (json === UNSUPPORTED) return undefined;
  if (!annotations) return { json } as Serialized;
  return { json, meta: { values: annotations, v: 1 } } as Serialized;
}
