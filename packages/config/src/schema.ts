import { z } from 'zod';

/**
 * Secrets used when nothing is configured outside production. They are public (they are in
 * this file), which is exactly why production refuses them.
 */
export const DEVELOPMENT_SECRETS = {
  JWT_SECRET: 'development-only-jwt-secret-do-not-use-in-production',
  AUTH_SECRET: 'development-only-auth-secret-do-not-use-in-production',
} as const;

const MIN_SECRET_LENGTH = 32;
/** Values people paste from examples; production treats them like a missing secret. */
const PLACEHOLDER_SECRET = /change[-_ ]?me|replace[-_ ]?me|your[-_ ]?secret|^(.)\1*$/i;

const emptyAsUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const optionalUrl = (protocols: RegExp, hint: string) =>
  z.preprocess(
    emptyAsUndefined,
    z.url({ protocol: protocols, error: `must be a URL like ${hint}` }).optional(),
  );

const integer = (fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` })
      .max(max, { error: `must be at most ${max}` })
      .default(fallback),
  );

const booleanFlag = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .transform((value) => ['true', '1', 'yes'].includes(value))
      .default(fallback),
  );

const commaList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .optional(),
);

/** The wire protocols a provider may speak. */
export const providerTypes = ['openai', 'anthropic', 'gemini'] as const;

/**
 * One extra provider, from AI_PROVIDERS (a JSON array): an OpenAI-compatible endpoint (the
 * default `type`), or another Anthropic or Gemini account (`baseURL` then optional).
 */
export const providerSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be lowercase letters, digits, - or _ (max 40)'),
  type: z
    .enum(providerTypes, { error: `must be one of ${providerTypes.join(', ')}` })
    .default('openai'),
  baseURL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  apiKey: z.string().default(''),
  models: z.array(z.string().min(1).max(200)).min(1, 'must list at least one model'),
  /**
   * The models that see images, replacing the defaults by name (`*` at the end matches any
   * rest: `["*"]` all, `[]` none). Unset: known vision families (gpt-4o, claude-3+, gemini-*...).
   */
  visionModels: z.array(z.string().min(1).max(200)).optional(),
});
export type ProviderConfig = z.infer<typeof providerSchema>;

const providerList = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
        return z.NEVER;
      }
    })
    .pipe(z.array(providerSchema))
    .optional(),
);

/**
 * Every environment variable the apps read, by its own name, so that an error names the
 * variable. `configSchema` below turns the result into the structured `Config`.
 */
export const environmentSchema = z.object({
  NODE_ENV: z.preprocess(
    emptyAsUndefined,
    z.enum(['development', 'test', 'production']).default('development'),
  ),
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be between 0 and 65535' })
      .max(65535, { error: 'must be between 0 and 65535' })
      .optional(),
  ),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  PUBLIC_URL: optionalUrl(/^https?$/, 'https://chat.example.com'),
  DATABASE_URL: optionalUrl(/^postgres(ql)?$/, 'postgresql://user:password@host:5432/db'),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('.data')),
  REDIS_URL: optionalUrl(/^rediss?$/, 'redis://host:6379'),
  REDIS_PREFIX: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1-64 letters, digits, : _ or -')
      .default('chatbot:'),
  ),

  JWT_SECRET: optionalString,
  AUTH_SECRET: optionalString,
  ACCESS_TOKEN_TTL_SECONDS: integer(900, { min: 30, max: 86_400 }),
  REFRESH_TOKEN_TTL_DAYS: integer(30, { min: 1, max: 365 }),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_ISSUER: optionalUrl(/^https?$/, 'https://accounts.google.com'),
  GOOGLE_SUCCESS_REDIRECT_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ error: 'must be a URL like myapp://signed-in or https://app.example.com/auth' })
      .optional(),
  ),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl(/^https?$/, 'https://api.openai.com/v1'),
  OPENAI_MODELS: commaList,
  OPENAI_VISION_MODELS: commaList,
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl(/^https?$/, 'https://api.anthropic.com'),
  ANTHROPIC_MODELS: commaList,
  ANTHROPIC_VISION_MODELS: commaList,
  GEMINI_API_KEY: optionalString,
  GOOGLE_API_KEY: optionalString,
  GEMINI_BASE_URL: optionalUrl(/^https?$/, 'https://generativelanguage.googleapis.com'),
  GEMINI_MODELS: commaList,
  GEMINI_VISION_MODELS: commaList,
  AI_PROVIDERS: providerList,
  DEFAULT_MODEL: optionalString,
  AI_TIMEOUT_MS: integer(60_000, { min: 1_000, max: 600_000 }),
  AI_MAX_RETRIES: integer(2, { min: 0, max: 10 }),
  HISTORY_TOKEN_BUDGET: integer(6_000, { min: 200, max: 1_000_000 }),
  ATTACHMENT_TEXT_BUDGET_TOKENS: integer(32_000, { min: 100, max: 2_000_000 }),

  CHECKPOINT_INTERVAL_MS: integer(1_000, { min: 50, max: 60_000 }),
  EVENT_LOG_SIZE: integer(2_000, { min: 10, max: 1_000_000 }),
  EVENT_LOG_TTL_SECONDS: integer(3_600, { min: 10, max: 604_800 }),
  STREAM_MAX_DURATION_MS: integer(300_000, { min: 1_000, max: 86_400_000 }),
  STREAM_KEEPALIVE_MS: integer(15_000, { min: 1_000, max: 300_000 }),
  SHUTDOWN_GRACE_MS: integer(10_000, { min: 0, max: 600_000 }),
  GENERATION_LEASE_MS: integer(15_000, { min: 1_000, max: 600_000 }),
  MAX_SUBSCRIPTIONS_PER_USER: integer(20, { min: 1, max: 1_000_000 }),
  MAX_SESSIONS_PER_USER: integer(10_000, { min: 1, max: 100_000_000 }),
  MAX_GROUPS_PER_USER: integer(500, { min: 1, max: 1_000_000 }),
  IMPORT_MAX_BYTES: integer(104_857_600, { min: 1_024, max: 10_737_418_240 }),
  IMPORT_MAX_CONVERSATIONS: integer(5_000, { min: 1, max: 1_000_000 }),
  STREAM_MAX_BUFFERED_BYTES: integer(1_048_576, { min: 16_384, max: 268_435_456 }),

  ATTACHMENT_MAX_BYTES: integer(20 * 1_048_576, { min: 1_024, max: 1_073_741_824 }),
  ATTACHMENT_MAX_PER_MESSAGE: integer(10, { min: 1, max: 100 }),
  ATTACHMENT_QUOTA_BYTES: integer(1_073_741_824, { min: 1_024, max: Number.MAX_SAFE_INTEGER }),
  ATTACHMENT_ORPHAN_GRACE_MS: integer(86_400_000, { min: 1_000, max: 31_536_000_000 }),
  S3_ENDPOINT: optionalUrl(/^https?$/, 'https://s3.eu-west-1.amazonaws.com'),
  S3_BUCKET: optionalString,
  S3_REGION: z.preprocess(emptyAsUndefined, z.string().default('us-east-1')),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: booleanFlag(false),

  CORS_ORIGINS: commaList,
  TRUST_PROXY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^(\d{1,2}|false|[0-9a-fA-F.:]+(\s*,\s*[0-9a-fA-F.:]+)*)$/,
        'must be a number of proxy hops, false, or a comma-separated list of proxy IP addresses',
      )
      .default('false'),
  ),
  BODY_LIMIT_BYTES: integer(1_048_576, { min: 1_024, max: 104_857_600 }),
  MAX_BATCH_SIZE: integer(50, { min: 1, max: 1_000 }),
  METRICS_TOKEN: optionalString,
  RATE_LIMIT_SENDS_PER_MINUTE: integer(30, { min: 1, max: 100_000 }),
  RATE_LIMIT_AUTH_PER_MINUTE: integer(10, { min: 1, max: 100_000 }),
  RATE_LIMIT_SHARE_VIEWS_PER_MINUTE: integer(60, { min: 1, max: 100_000 }),
  RATE_LIMIT_ENABLED: booleanFlag(true),

  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Production must never run on a secret anyone can read in this repository. */
export function checkSecret(value: string | undefined): string | undefined {
  if (!value) return 'is required when NODE_ENV=production';
  if (Object.values(DEVELOPMENT_SECRETS).includes(value as never)) {
    return 'is the built-in development secret; set your own when NODE_ENV=production';
  }
  if (PLACEHOLDER_SECRET.test(value)) {
    return 'looks like a placeholder; generate one with `openssl rand -base64 48`';
  }
  if (value.length < MIN_SECRET_LENGTH) {
    return `must be at least ${MIN_SECRET_LENGTH} characters when NODE_ENV=production`;
  }
  return undefined;
}

/** The names of the built-in providers, which AI_PROVIDERS entries may not take. */
const RESERVED_PROVIDER_NAMES = ['echo', 'openai', 'anthropic', 'gemini'];

export const productionSafeEnvironment = environmentSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'AUTH_SECRET'] as const) {
      const problem = checkSecret(env[name]);
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
    }
  }
  if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
    const missing = env.GOOGLE_CLIENT_ID ? 'GOOGLE_CLIENT_SECRET' : 'GOOGLE_CLIENT_ID';
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: 'is required when the other Google OAuth variable is set',
    });
  }
  if (!env.S3_BUCKET && (env.S3_ENDPOINT || env.S3_ACCESS_KEY_ID)) {
    ctx.addIssue({
      code: 'custom',
      path: ['S3_BUCKET'],
      message: 'is required when S3_ENDPOINT or S3_ACCESS_KEY_ID is set',
    });
  }
  const names = new Set<string>();
  for (const [index, provider] of (env.AI_PROVIDERS ?? []).entries()) {
    if (!provider.baseURL && provider.type === 'openai') {
      ctx.addIssue({
        code: 'custom',
        path: ['AI_PROVIDERS', index, 'baseURL'],
        message: 'is required for an OpenAI-compatible provider',
      });
    }
    if (names.has(provider.name) || RESERVED_PROVIDER_NAMES.includes(provider.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AI_PROVIDERS', index, 'name'],
        message: `"${provider.name}" is reserved or used twice`,
      });
    }
    names.add(provider.name);
  }
});
