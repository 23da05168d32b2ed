import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { attachmentsConfig, type AttachmentsConfig } from './attachmentsConfig';
import {
  DEVELOPMENT_SECRETS,
  productionSafeEnvironment,
  type Environment,
  type ProviderConfig,
} from './schema';

/** A built-in provider; `models` empty means "the provider's usual model". */
export interface NativeProviderConfig {
  baseURL: string | undefined;
  apiKey: string;
  models: string[];
  /** The models that see images, replacing the built-in defaults (*_VISION_MODELS). */
  visionModels?: string[];
}

export interface Config {
  nodeEnv: Environment['NODE_ENV'];
  isProduction: boolean;
  /** Unset means "the app's own default" (server 3001, web 3000). */
  port: number | undefined;
  host: string;
  publicUrl: string | undefined;
  database:
    { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string; dataDir: string };
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so deployments can share a Redis. */
  redisPrefix: string;
  auth: {
    jwtSecret: string;
    authSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    google:
      | {
          clientId: string;
          clientSecret: string;
          issuer: string;
          /** Standalone server: where the callback sends the one-time code (in the fragment). */
          successRedirectUrl: string | undefined;
        }
      | undefined;
  };
  ai: {
    /** The provider configured by OPENAI_API_KEY / OPENAI_BASE_URL, if any. */
    openai: NativeProviderConfig | undefined;
    /** Anthropic's Messages API, by ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL. */
    anthropic: NativeProviderConfig | undefined;
    /** The Gemini API, by GEMINI_API_KEY (or GOOGLE_API_KEY) / GEMINI_BASE_URL. */
    gemini: NativeProviderConfig | undefined;
    providers: ProviderConfig[];
    defaultModel: string | undefined;
    timeoutMs: number;
    maxRetries: number;
    historyTokenBudget: number;
    /** Approximate tokens of attached documents' text inlined into one request. */
    attachmentTextBudgetTokens: number;
  };
  streaming: {
    checkpointIntervalMs: number;
    eventLogSize: number;
    eventLogTtlSeconds: number;
    maxDurationMs: number;
    keepAliveMs: number;
    shutdownGraceMs: number;
    /** With Redis: how long a generation's lease lives without renewal. */
    generationLeaseMs: number;
    /** Open event streams one user may hold on one instance. */
    maxSubscriptionsPerUser: number;
    /** Unsent bytes one streaming connection may hold; a client further behind is dropped. */
    maxBufferedBytes: number;
  };
  http: {
    corsOrigins: string[];
    bodyLimitBytes: number;
    /** Calls one tRPC batch (HTTP or WebSocket message) may carry. */
    maxBatchSize: number;
    /** Bearer token /metrics requires; unset, /metrics answers 404. */
    metricsToken: string | undefined;
    /**
     * Which proxies may tell us the client's address (X-Forwarded-For): none (`hops: 0`, the
     * socket's peer is the client), the nearest N hops, or the listed proxy addresses.
     */
    trustProxy: { hops: number } | { proxies: string[] };
  };
  rateLimits: {
    enabled: boolean;
    sendsPerMinute: number;
    authPerMinute: number;
    shareViewsPerMinute: number;
  };
  /** What one account may hold; creating one more is refused (CONFLICT). */
  quotas: {
    sessionsPerUser: number;
    groupsPerUser: number;
  };
  /** Bounds of one import (a file or a JSON body): its bytes (zip and unzipped) and its chats. */
  imports: {
    maxBytes: number;
    maxConversations: number;
  };
  attachments: AttachmentsConfig;
  logLevel: Environment['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems
        .map((problem) => `  - ${problem.variable} ${problem.message}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

function toProblems(error: z.ZodError) {
  return error.issues.map((issue) => {
    const [variable, ...rest] = issue.path.map(String);
    const where = rest.length > 0 ? ` (at ${rest.join('.')})` : '';
    return { variable: variable ?? '(environment)', message: `${issue.message}${where}` };
  });
}

export interface ParseOptions {
  /** Resolve a relative DATA_DIR against this directory. @default where the command was typed */
  cwd?: string;
}

/**
 * The folder a relative DATA_DIR is resolved against. Unset DATA_DIR means `.data` at the
 * workspace root, so the server, the web app and `pnpm db:migrate` find the same embedded
 * database whichever package folder they run in.
 */
function dataDirBase(
  env: Record<string, string | undefined>,
  options: ParseOptions,
  explicit: boolean,
) {
  // pnpm runs scripts inside the package folder and keeps the folder the user typed in INIT_CWD.
  const typedIn = options.cwd ?? env.INIT_CWD ?? process.cwd();
  if (explicit) return typedIn;
  return findWorkspaceRoot(typedIn) ?? typedIn;
}

export function findWorkspaceRoot(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Validate `env` and build the configuration, or throw a `ConfigError` naming each variable. */
export function parseConfig(
  env: Record<string, string | undefined>,
  options: ParseOptions = {},
): Config {
  const result = productionSafeEnvironment.safeParse(env);
  if (!result.success) throw new ConfigError(toProblems(result.error));
  const e = result.data;
  const explicitDataDir = Boolean(env.DATA_DIR?.trim());
  const dataDir = path.resolve(dataDirBase(env, options, explicitDataDir), e.DATA_DIR);
  const native = (
    apiKey: string | undefined,
    baseURL: string | undefined,
    models?: string[],
    visionModels?: string[],
  ) =>
    apiKey || baseURL
      ? { baseURL, apiKey: apiKey ?? '', models: models ?? [], visionModels }
      : undefined;

  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, dataDir }
      : { kind: 'embedded', dataDir },
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    auth: {
      jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_SECRETS.JWT_SECRET,
      authSecret: e.AUTH_SECRET ?? DEVELOPMENT_SECRETS.AUTH_SECRET,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      google:
        e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
          ? {
              clientId: e.GOOGLE_CLIENT_ID,
              clientSecret: e.GOOGLE_CLIENT_SECRET,
              issuer: e.GOOGLE_ISSUER ?? 'https://accounts.google.com',
              successRedirectUrl: e.GOOGLE_SUCCESS_REDIRECT_URL,
            }
          : undefined,
    },
    ai: {
      openai: native(e.OPENAI_API_KEY, e.OPENAI_BASE_URL, e.OPENAI_MODELS, e.OPENAI_VISION_MODELS),
      anthropic: native(
        e.ANTHROPIC_API_KEY,
        e.ANTHROPIC_BASE_URL,
        e.ANTHROPIC_MODELS,
        e.ANTHROPIC_VISION_MODELS,
      ),
      gemini: native(
        e.GEMINI_API_KEY ?? e.GOOGLE_API_KEY,
        e.GEMINI_BASE_URL,
        e.GEMINI_MODELS,
        e.GEMINI_VISION_MODELS,
      ),
      providers: e.AI_PROVIDERS ?? [],
      defaultModel: e.DEFAULT_MODEL,
      timeoutMs: e.AI_TIMEOUT_MS,
      maxRetries: e.AI_MAX_RETRIES,
      historyTokenBudget: e.HISTORY_TOKEN_BUDGET,
      attachmentTextBudgetTokens: e.ATTACHMENT_TEXT_BUDGET_TOKENS,
    },
    streaming: {
      checkpointIntervalMs: e.CHECKPOINT_INTERVAL_MS,
      eventLogSize: e.EVENT_LOG_SIZE,
      eventLogTtlSeconds: e.EVENT_LOG_TTL_SECONDS,
      maxDurationMs: e.STREAM_MAX_DURATION_MS,
      keepAliveMs: e.STREAM_KEEPALIVE_MS,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
      generationLeaseMs: e.GENERATION_LEASE_MS,
      maxSubscriptionsPerUser: e.MAX_SUBSCRIPTIONS_PER_USER,
      maxBufferedBytes: e.STREAM_MAX_BUFFERED_BYTES,
    },
    http: {
      // In development a browser page served from any local port may call the API.
      corsOrigins:
        e.CORS_ORIGINS ??
        (e.NODE_ENV === 'production' ? [] : ['http://localhost:*', 'http://127.0.0.1:*']),
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      maxBatchSize: e.MAX_BATCH_SIZE,
      metricsToken: e.METRICS_TOKEN,
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
    },
    rateLimits: {
      enabled: e.RATE_LIMIT_ENABLED,
      sendsPerMinute: e.RATE_LIMIT_SENDS_PER_MINUTE,
      authPerMinute: e.RATE_LIMIT_AUTH_PER_MINUTE,
      shareViewsPerMinute: e.RATE_LIMIT_SHARE_VIEWS_PER_MINUTE,
    },
    quotas: {
      sessionsPerUser: e.MAX_SESSIONS_PER_USER,
      groupsPerUser: e.MAX_GROUPS_PER_USER,
    },
    imports: {
      maxBytes: e.IMPORT_MAX_BYTES,
      maxConversations: e.IMPORT_MAX_CONVERSATIONS,
    },
    attachments: attachmentsConfig(e),
    logLevel: e.LOG_LEVEL,
  } satisfies Config);
}

function parseTrustProxy(value: string): Config['http']['trustProxy'] {
  if (value === 'false') return { hops: 0 };
  if (/^\d+$/.test(value)) return { hops: Number(value) };
  return { proxies: value.split(',').map((address) => address.trim()) };
}
