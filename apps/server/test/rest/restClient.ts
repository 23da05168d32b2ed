/** Plain fetch against the REST surface: what a script, a mobile app or Postman sends. */

// Bodies are JSON of the shape under test; the tests assert that shape, the type cannot.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface RestAnswer<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function restClient(baseUrl: string, token?: string) {
  async function call<T = Json>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
  ): Promise<RestAnswer<T>> {
    const bearer = options.token === null ? undefined : (options.token ?? token);
    const headers: Record<string, string> = { ...options.headers };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: Json = text;
    if (response.headers.get('content-type')?.startsWith('application/json') && text) {
      body = JSON.parse(text);
    }
    return { status: response.status, headers: response.headers, body: body as T, text };
  }
  return {
    get: (path: string, options?: Parameters<typeof call>[2]) => call('GET', path, options),
    post: (path: string, body?: unknown, options?: Parameters<typeof call>[2]) =>
      call('POST', path, { ...options, body }),
    patch: (path: string, body?: unknown, options?: Parameters<typeof call>[2]) =>
      call('PATCH', path, { ...options, body }),
    delete: (path: string, options?: Parameters<typeof call>[2]) => call('DELETE', path, options),
    call,
  };
}

export type RestClient = ReturnType<typeof restClient>;

let counter = 0;
export const restEmail = (prefix = 'rest') =>
  `${prefix}-${process.pid}-${Date.now()}-${(counter += 1)}@example.com`;

/** Register through POST /auth/register; a client carrying the new access token. */
export async function registerOverRest(baseUrl: string, email = restEmail()) {
  const anonymous = restClient(baseUrl);
  const registered = await anonymous.post('/auth/register', {
    email,
    password: 'correct horse battery',
  });
  if (registered.status !== 201)
    throw new Error(`register: ${registered.status} ${registered.text}`);
  const tokens = registered.body as {
    accessToken: string;
    refreshToken: string;
    user: { id: string };
  };
  return { email, tokens, api: restClient(baseUrl, tokens.accessToken) };
}
