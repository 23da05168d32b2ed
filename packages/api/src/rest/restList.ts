import type { RestList } from '../procedureMeta';

/** A page of a cursor-paginated procedure. */
interface Page {
  items: unknown[];
  nextCursor: string | null;
}

/** The `?limit=` and `?cursor=` the client gave, or the route's defaults for a bare list. */
export function listInput(list: RestList, input: Record<string, unknown>) {
  const paged = input.limit !== undefined || input.cursor !== undefined;
  return {
    input: { ...input, limit: input.limit ?? list.defaultLimit },
    followAllPages: Boolean(list.allPages) && !paged,
  };
}

/**
 * Calls `fetchPage` for the first page and, for a bare quota-bounded list, every next one; the
 * items as a bare array and the next cursor (if any) for the headers.
 */
export async function collectList(
  fetchPage: (input: Record<string, unknown>) => Promise<unknown>,
  list: RestList,
  input: Record<string, unknown>,
): Promise<Page> {
  const { input: first, followAllPages } = listInput(list, input);
  let page = (await fetchPage(first)) as Page;
  const items = [...page.items];
  while (followAllPages && page.nextCursor) {
    page = (await fetchPage({ ...first, cursor: page.nextCursor })) as Page;
    items.push(...page.items);
  }
  return { items, nextCursor: page.nextCursor };
}

/** `Link` (RFC 8288) and `X-Next-Cursor` for the page after this one. */
export function nextPageHeaders(url: URL, nextCursor: string | null): Record<string, string> {
  if (!nextCursor) return {};
  const next = new URL(url);
  next.searchParams.set('cursor', nextCursor);
  return {
    link: `<${next.pathname}${next.search}>; rel="next"`,
    'x-next-cursor': nextCursor,
  };
}
