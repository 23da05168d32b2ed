/** Redis stream ids are `<ms>-<seq>`, ordered by both parts. */
export function parseStreamId(id: string): [bigint, bigint] | undefined {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(id);
  return match ? [BigInt(match[1]!), BigInt(match[2]!)] : undefined;
}

export function compareStreamIds(a: [bigint, bigint], b: [bigint, bigint]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/** The append time of an event, from its id (for delivery-lag metrics). */
export function streamIdTime(id: string): number | undefined {
  const parsed = parseStreamId(id);
  return parsed ? Number(parsed[0]) : undefined;
}
