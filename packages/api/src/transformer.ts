import superjson from 'superjson';
import { serializePlain } from './plainSerializer';

/**
 * The router's data transformer: superjson's format, plain DTOs written by a faster walk that
 * gives the same bytes (plainSerializer.ts), and one live event serialised once, not once per
 * subscriber. The event logs freeze each event they deliver and hand the same object to
 * every local subscriber; a frozen object cannot change, so its serialised form is kept (weakly,
 * it goes when the event does) and reused. tRPC wraps a tracked event as `{ id, data }` per
 * subscription; that wrapper is composed around the cached form instead of walked again.
 */
type Serialized = ReturnType<typeof superjson.serialize>;

/** superjson's output, by the plain-DTO walk when the value allows (see plainSerializer.ts). */
const serializeAny = (value: unknown): Serialized =>
  serializePlain(value) ?? superjson.serialize(value);

const serializedEvents = new WeakMap<object, Serialized>();

function serializeFrozen(value: object): Serialized {
  let serialized = serializedEvents.get(value);
  if (!serialized) {
    serialized = serializeAny(value);
    serializedEvents.set(value, serialized);
  }
  return serialized;
}

/** `{ id, data }` around a frozen event: the cached form of `data`, its paths under `data.`. */
function serializeTracked(id: string, data: object): Serialized | undefined {
  const inner = serializeFrozen(data);
  const meta = inner.meta;
  if (!meta) return { json: { id, data: inner.json } } as Serialized;
  const { values, v, ...rest } = meta as { values?: unknown; v?: number };
  // Only the shape our events produce (annotated values by path); anything else takes the
  // ordinary path.
  if (Object.keys(rest).length > 0 || !values || Array.isArray(values)) return undefined;
  const prefixed: Record<string, unknown> = {};
  for (const [path, annotation] of Object.entries(values as Record<string, unknown>)) {
    prefixed[`data.${path}`] = annotation;
  }
  return { json: { id, data: inner.json }, meta: { values: prefixed, v } } as Serialized;
}

function isTrackedWrapper(value: object): value is { id: string; data: object } {
  const keys = Object.keys(value);
  const { id, data } = value as { id?: unknown; data?: unknown };
  return (
    keys.length === 2 &&
    typeof id === 'string' &&
    typeof data === 'object' &&
    data !== null &&
    Object.isFrozen(data)
  );
}

export const transformer = {
  serialize(value: unknown): Serialized {
    if (typeof value === 'object' && value !== null) {
      if (Object.isFrozen(value)) return serializeFrozen(value);
      if (isTrackedWrapper(value))
        return serializeTracked(value.id, value.data) ?? serializeAny(value);
    }
    return serializeAny(value);
  },
  deserialize: (value: Serialized) => superjson.deserialize(value),
};
