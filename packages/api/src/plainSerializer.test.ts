import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializePlain } from './plainSerializer';

/** Keys as DTOs have them, and the ones superjson has to escape in its paths. */
const key = fc.oneof(
  fc.constantFrom('id', 'title', 'createdAt', 'a.b', 'back\\slash', '', '0', 'x.y\\.z'),
  fc.string({ maxLength: 6 }),
);
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
);
/** DTO-like trees: the walker takes all of them. */
const { tree: plainTree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { maxLength: 5 }),
    fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
  ),
}));
/** Anything superjson knows: the walker either matches it exactly or hands it over. */
const exotic = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 10n, new Map([[1, 2]]), new Set(['a'])),
  fc.constantFrom(new Date(NaN), /re/g, new Error('e'), new URL('http://x/'), Symbol('s')),
  fc.constant(
    new (class Thing {
      field = 1;
    })(),
  ),
  fc.constant(() => 1),
);
const { tree: anyTree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    exotic,
    fc.array(tie('tree'), { maxLength: 5 }),
    fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
  ),
}));

/** What a client reads: the JSON text, parsed and given to superjson. */
const overTheWire = (serialized: unknown) =>
  superjson.deserialize(JSON.parse(JSON.stringify(serialized)) as never);

describe('the plain-DTO serializer', () => {
  it('writes exactly what superjson writes for DTO-like values', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(plainTree, (value) => {
        const ours = serializePlain(value);
        expect(ours).toBeDefined();
        expect(JSON.stringify(ours)).toBe(JSON.stringify(superjson.serialize(value)));
        expect(overTheWire(ours)).toEqual(overTheWire(superjson.serialize(value)));
      }),
      { numRuns: 200 },
    );
  });

  it('matches superjson or steps aside, whatever the value', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(anyTree, (value) => {
        const ours = serializePlain(value);
        if (ours) expect(JSON.stringify(ours)).toBe(JSON.stringify(superjson.serialize(value)));
      }),
      { numRuns: 200 },
    );
  });

  it('reads back as the DTOs went in: Dates, nested arrays, null and undefined', () => {
    const createdAt = new Date('2026-11-25T06:00:00.000Z');
    const page = {
      items: [
        { id: 's1', title: 'One', groupId: null, starred: false, createdAt, tags: [['a'], []] },
        { id: 's2', title: undefined, groupId: 'g', starred: true, createdAt: new Date(0) },
      ],
      nextCursor: undefined,
    };
    const ours = serializePlain(page);
    expect(ours?.meta).toEqual({
      values: {
        'items.0.createdAt': ['Date'],
        'items.1.title': ['undefined'],
        'items.1.createdAt': ['Date'],
        nextCursor: ['undefined'],
      },
      v: 1,
    });
    expect(overTheWire(ours)).toEqual(page);
    expect(serializePlain(createdAt)).toEqual(superjson.serialize(createdAt));
    expect(serializePlain(undefined)).toEqual(superjson.serialize(undefined));
  });

  it('hands over what only superjson can write: shared objects, BigInt, Maps, holes, cycles', () => {
    const shared = new Date(0);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [
      { createdAt: shared, updatedAt: shared },
      { count: 10n },
      { byId: new Map() },
      Object.assign(new Array(3), { 0: 1, 2: 3 }), // a hole at 1
      cyclic,
      { constructor: 'x' },
    ]) {
      expect(serializePlain(value)).toBeUndefined();
    }
  });
});
