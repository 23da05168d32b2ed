import type { z } from 'zod';

type Shape<S extends z.ZodObject> = z.output<S>;

/**
 * A mapper from a database row to an output schema's shape. The fields are listed once, in the
 * schema; the row may carry more (they are left out, as the API must not leak them).
 */
export function dtoMapper<S extends z.ZodObject>(schema: S) {
  const keys = Object.keys(schema.shape) as (keyof Shape<S>)[];
  return (row: { [K in keyof Shape<S>]: Shape<S>[K] }): Shape<S> => {
    const dto = {} as Shape<S>;
    // An optional field the row lacks stays absent (database rows hold null, never undefined).
    for (const key of keys) if (row[key] !== undefined) dto[key] = row[key];
    return dto;
  };
}
