/** Why a server address was refused, in words for the person who typed it. */
export class ServerUrlError extends Error {}

const EXAMPLE = 'http://127.0.0.1:3001/trpc';

/**
 * The tRPC endpoint from what a user typed (`--url` or CHATBOT_URL). The standalone server's
 * base address (`http://host:3001`) gets `/trpc` added, which is where its API lives; any other
 * path (`/api/trpc` of the web app) is kept as given.
 */
export function serverUrl(raw: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new ServerUrlError(`${source} must be an http(s) URL like ${EXAMPLE} (got "${raw}").`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ServerUrlError(`${source} must be an http(s) URL like ${EXAMPLE} (got "${raw}").`);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/trpc';
  return parsed.href.replace(/\/+$/, '');
}
