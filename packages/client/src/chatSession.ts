import type { RouterOutputs } from '@chatbot/api';
import {
  closeChatClient,
  createChatClient,
  type ChatClient,
  type ChatClientOptions,
} from './createChatClient';

export type SignedInUser = RouterOutputs['auth']['me'];

export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
  user: SignedInUser;
}

/** Where a session keeps its tokens between runs (a file for the CLI, memory by default). */
export interface TokenStore {
  load(): StoredTokens | undefined | Promise<StoredTokens | undefined>;
  save(tokens: StoredTokens): void | Promise<void>;
  clear(): void | Promise<void>;
}

export function memoryTokenStore(initial?: StoredTokens): TokenStore {
  let tokens = initial;
  return {
    load: () => tokens,
    save: (next) => {
      tokens = next;
    },
    clear: () => {
      tokens = undefined;
    },
  };
}

export interface ChatSessionOptions extends Omit<ChatClientOptions, 'token' | 'onUnauthorized'> {
  store?: TokenStore;
  /** Refresh this long before the access token expires. @default 30_000 */
  refreshMarginMs?: number;
}

export interface ChatSession {
  /** The typed client; its calls carry the current access token and refresh it when needed. */
  readonly client: ChatClient;
  register(input: { email: string; password: string; name?: string }): Promise<SignedInUser>;
  login(input: { email: string; password: string }): Promise<SignedInUser>;
  /** Exchange the refresh token for a new pair; false (and signed out) when it is refused. */
  refresh(): Promise<boolean>;
  logout(): Promise<void>;
  /** The signed-in user, from the stored tokens. */
  user(): Promise<SignedInUser | undefined>;
  /** The current access token (refreshed when close to expiry), e.g. for `uploadAttachment`. */
  accessToken(): Promise<string | undefined>;
  close(): void;
}

type TokenPair = RouterOutputs['auth']['login'];

/**
 * Keeps a user signed in: logs in or registers, stores the token pair, refreshes the access
 * token shortly before it expires or once after an UNAUTHORIZED answer.
 */
export function createChatSession(options: ChatSessionOptions): ChatSession {
  const store = options.store ?? memoryTokenStore();
  const margin = options.refreshMarginMs ?? 30_000;
  // Auth calls go through a client with no token and no refresh logic.
  const anonymous = createChatClient({ url: options.url });
  let refreshing: Promise<boolean> | undefined;

  async function save(pair: TokenPair) {
    await store.save({
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessTokenExpiresAt: Date.now() + pair.expiresIn * 1000,
      user: pair.user,
    });
    return pair.user;
  }

  function refresh(): Promise<boolean> {
    refreshing ??= (async () => {
      const tokens = await store.load();
      if (!tokens) return false;
      try {
        await save(await anonymous.auth.refresh.mutate({ refreshToken: tokens.refreshToken }));
        return true;
      } catch (error) {
        if ((error as { data?: { code?: string } }).data?.code === 'UNAUTHORIZED')
          await store.clear();
        return false;
      }
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function accessToken() {
    let tokens = await store.load();
    if (tokens && tokens.accessTokenExpiresAt - Date.now() < margin) {
      await refresh();
      tokens = await store.load();
    }
    return tokens?.accessToken;
  }

  const client = createChatClient({ ...options, token: accessToken, onUnauthorized: refresh });

  return {
    client,
    accessToken,
    register: async (input) => save(await anonymous.auth.register.mutate(input)),
    login: async (input) => save(await anonymous.auth.login.mutate(input)),
    refresh,
    async logout() {
      const tokens = await store.load();
      await store.clear();
      if (tokens)
        await anonymous.auth.logout.mutate({ refreshToken: tokens.refreshToken }).catch(() => {});
    },
    user: async () => (await store.load())?.user,
    close() {
      closeChatClient(client);
      closeChatClient(anonymous);
    },
  };
}
