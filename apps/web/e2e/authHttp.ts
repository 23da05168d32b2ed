/** next-auth's credentials sign-in over plain HTTP, as a browser form would post it. */

/** `name=value` pairs of a response's Set-Cookie headers, ready for a Cookie header. */
export function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
}

export interface SignInAttempt {
  status: number;
  /** Where next-auth sends the browser (its JSON answer's `url`, or the Location header). */
  url: string;
  /** The `error` query parameter of that URL, if any. */
  error: string | null;
  /** The cookies it set (the session cookie on success). */
  cookies: string[];
}

export async function signInOverHttp(
  baseUrl: string,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<SignInAttempt> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookiesOf(csrf).join('; '),
      origin: baseUrl,
      ...headers,
    },
    body: new URLSearchParams({ ...credentials, csrfToken, json: 'true' }),
  });
  const text = await response.text();
  let url = response.headers.get('location') ?? '';
  try {
    url = (JSON.parse(text) as { url?: string }).url ?? url;
  } catch {
    url ||= text;
  }
  return {
    status: response.status,
    url,
    error: errorOf(url, baseUrl),
    cookies: cookiesOf(response),
  };
}

function errorOf(url: string, baseUrl: string): string | null {
  try {
    return new URL(url, baseUrl).searchParams.get('error');
  } catch {
    return null;
  }
}
