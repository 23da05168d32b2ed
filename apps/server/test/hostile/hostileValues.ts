import fc from 'fast-check';

/** Strings that have broken real services: sizes, encodings, injections, lookalikes. */
export const hostileString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800', // a lone surrogate: not valid UTF-16 text
    '\u202Eevil\u202C', // right-to-left override
    '\u200B', // zero-width space
    'e\u0301'.repeat(50), // combining marks
    '💥'.repeat(60),
    '\'; DROP TABLE "User"; --',
    '../../../../etc/passwd',
    '<script>alert(1)</script>',
    '{"$gt":""}',
    '%00%2e%2e%2f',
    'x'.repeat(300_000), // far over every field limit, under the body limit
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Any JSON value a client could send where a particular type was expected. */
export const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e308, 2 ** 53, Number.MAX_SAFE_INTEGER, 1_000_000_000),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

interface PropertySchema {
  type?: string | string[];
  enum?: unknown[];
  maxLength?: number;
  maximum?: number;
}

/** A plausible value for a field of this schema, so that some generated calls succeed. */
export function plausibleValue(name: string, schema: PropertySchema, ids: string[]) {
  if (/id$/i.test(name) && name !== 'clientId') return fc.constantFrom(...ids);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = [schema.type ?? 'string'].flat();
  if (types.includes('boolean')) return fc.boolean();
  if (types.includes('integer') || types.includes('number')) {
    return fc.integer({ min: 1, max: Math.min(schema.maximum ?? 100, 100) });
  }
  if (name === 'email') return fc.constantFrom('someone@example.com', 'new-user@example.com');
  if (name === 'password') return fc.constant('correct horse battery');
  if (name === 'clientId') return fc.stringMatching(/^[a-z0-9]{1,20}$/);
  return fc.string({ minLength: 1, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

/**
 * An input object for a schema: each field absent, plausible or hostile, sometimes with fields
 * nobody declared.
 */
export function inputFor(
  schema: { properties?: Record<string, PropertySchema> } | undefined,
  ids: string[],
) {
  const fields = Object.entries(schema?.properties ?? {}).map(([name, property]) =>
    fc
      .option(
        fc.oneof(plausibleValue(name, property, ids), hostileValue, fc.constantFrom(...ids)),
        {
          nil: undefined,
        },
      )
      .map((value) => [name, value] as const),
  );
  return fc
    .tuple(
      fc.tuple(...fields),
      fc.option(fc.dictionary(fc.string({ maxLength: 6 }), hostileValue, { maxKeys: 2 })),
    )
    .map(([pairs, extra]) => {
      const input: Record<string, unknown> = { ...(extra ?? {}) };
      for (const [name, value] of pairs) if (value !== undefined) input[name] = value;
      return input;
    });
}
