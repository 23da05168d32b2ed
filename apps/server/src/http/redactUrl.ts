/** Query parameters that carry a credential (stream tickets, OAuth codes, tokens). */
const SECRET_PARAMETERS = new Set(['ticket', 'token', 'code', 'access_token', 'refresh_token']);

/** The request URL as it may appear in a log line: credentials in the query are `[redacted]`. */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const separator = pair.indexOf('=');
      if (separator === -1) return pair;
      let name = pair.slice(0, separator);
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed name is logged as sent.
      }
      return SECRET_PARAMETERS.has(name.toLowerCase())
        ? `${pair.slice(0, separator)}=[redacted]`
        : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}
