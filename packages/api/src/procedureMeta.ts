/**
 * How a procedure is also served as a REST route (the original NestJS backend's contract).
 * The route is a second door to the same procedure: same input schema, same middleware, same
 * domain function. Nothing here holds logic of its own.
 */
export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RestRoute {
  method: RestMethod;
  /** OpenAPI-style path; `{name}` segments fill the input field of that name. */
  path: string;
  /** One line for the API reference. */
  summary: string;
  /** The group in the API reference (and the Postman collection's folder). */
  tag: string;
  /** Input fields the route fixes, e.g. `{ format: 'md' }` for `/export.md`. */
  fixedInput?: Record<string, string>;
  /**
   * The Authorization header's Bearer token fills this input field instead of authenticating
   * the caller (POST /auth/refresh takes the refresh token that way).
   */
  bearerInput?: string;
  /**
   * The output `{ filename, contentType, content }` is sent as a file download of this media
   * type (the document says so; the output's own contentType is what is sent).
   */
  download?: string;
  /** A DELETE that takes its input as a JSON body, like a POST (a password never goes in a URL). */
  jsonBody?: boolean;
  /**
   * A cursor-paginated procedure (`{ items, nextCursor }`) served like the original: the body is
   * the bare `items` array, the next cursor goes in `Link: <...>; rel="next"` and `X-Next-Cursor`.
   */
  list?: RestList;
  /** @default 200 */
  successStatus?: 200 | 201;
  /** Error statuses beyond those every route may answer (400, 401, 404 from its shape). */
  errors?: (401 | 409 | 429)[];
}

export interface RestList {
  /** Without `?limit=`, the route asks for this many (the input schema's maximum). */
  defaultLimit: number;
  /**
   * Without `?limit=` or `?cursor=`, follow every page: the whole list, as the original answered
   * (only for lists a quota bounds, e.g. sessions by MAX_SESSIONS_PER_USER).
   */
  allPages?: boolean;
}

export interface ProcedureMeta {
  /** Set by `protectedProcedure`: the caller must be signed in (documented as Bearer auth). */
  signedIn?: boolean;
  /** One procedure may answer several routes (export.json and export.md). */
  rest?: RestRoute | RestRoute[];
}
