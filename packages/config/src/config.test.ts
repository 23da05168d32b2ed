import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_SECRETS, parseConfig } from './index';

const strongSecret = 'q8Vn1s9rK2xZ7pL4mT6wY3bH5cJ0dF8gA1eR9uI2oP7'; // test-only
const otherStrongSecret = 'Zr8Kp2Lm7Qx4Wn1Tv6Ys3Hb9Jc5Dg0Fe8Au2Io7Pq4R'; // test-only

function problemsOf(env: Record<string, string | undefined>) {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('runs on embedded defaults with no configuration at all', () => {
    const config = parseConfig({}, { cwd: '/srv/chat' });
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '/srv/chat/.data' });
    expect(config.redisUrl).toBeUndefined();
    expect(config.ai.openai).toBeUndefined();
    expect(config.auth.jwtSecret).toBe(DEVELOPMENT_SECRETS.JWT_SECRET);
    expect(config.port).toBeUndefined();
    expect(config.streaming.checkpointIntervalMs).toBe(1000);
    expect(config.logLevel).toBe('info');
  });

  it('switches to PostgreSQL, Redis and an OpenAI-compatible provider when configured', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgresql://chat@db:5432/chat',
      REDIS_URL: 'redis://cache:6379',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_MODELS: 'llama3, qwen2',
      PORT: '8080',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      AI_PROVIDERS: JSON.stringify([
        { name: 'router', baseURL: 'https://openrouter.example/api/v1', models: ['x/y'] },
      ]),
    });
    expect(config.database).toMatchObject({
      kind: 'postgres',
      url: 'postgresql://chat@db:5432/chat',
    });
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.ai.openai).toEqual({
      baseURL: 'http://127.0.0.1:11434/v1',
      apiKey: '',
      models: ['llama3', 'qwen2'],
    });
    expect(config.ai.providers).toEqual([
      {
        name: 'router',
        type: 'openai',
        baseURL: 'https://openrouter.example/api/v1',
        apiKey: '',
        models: ['x/y'],
      },
    ]);
    expect(config.port).toBe(8080);
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('configures the native Anthropic and Gemini providers, and more of each in AI_PROVIDERS', () => {
    const config = parseConfig({
      ANTHROPIC_API_KEY: 'sk-ant',
      ANTHROPIC_MODELS: 'claude-a, claude-b',
      GOOGLE_API_KEY: 'google-key',
      GEMINI_BASE_URL: 'http://127.0.0.1:9999',
      AI_PROVIDERS: JSON.stringify([
        { name: 'claude-work', type: 'anthropic', apiKey: 'k2', models: ['claude-c'] },
        { name: 'gem2', type: 'gemini', baseURL: 'http://gem.example', models: ['g'] },
      ]),
    });
    expect(config.ai.openai).toBeUndefined();
    expect(config.ai.anthropic).toEqual({
      baseURL: undefined,
      apiKey: 'sk-ant',
      models: ['claude-a', 'claude-b'],
    });
    expect(config.ai.gemini).toEqual({
      baseURL: 'http://127.0.0.1:9999',
      apiKey: 'google-key',
      models: [],
    });
    expect(config.ai.providers.map((provider) => provider.type)).toEqual(['anthropic', 'gemini']);
    // GEMINI_API_KEY wins over GOOGLE_API_KEY.
    expect(parseConfig({ GEMINI_API_KEY: 'a', GOOGLE_API_KEY: 'b' }).ai.gemini?.apiKey).toBe('a');
  });

  it('reads the attachment text budget and the per-provider vision overrides', () => {
    expect(parseConfig({}).ai.attachmentTextBudgetTokens).toBe(32_000);
    const config = parseConfig({
      ATTACHMENT_TEXT_BUDGET_TOKENS: '8000',
      OPENAI_API_KEY: 'k',
      OPENAI_VISION_MODELS: 'my-vlm, gpt-*',
      AI_PROVIDERS: JSON.stringify([
        { name: 'lab', baseURL: 'http://lab.example/v1', models: ['m'], visionModels: [] },
      ]),
    });
    expect(config.ai.attachmentTextBudgetTokens).toBe(8_000);
    expect(config.ai.openai?.visionModels).toEqual(['my-vlm', 'gpt-*']);
    expect(config.ai.providers[0]?.visionModels).toEqual([]);
    expect(problemsOf({ ATTACHMENT_TEXT_BUDGET_TOKENS: '10' })).toEqual([
      { variable: 'ATTACHMENT_TEXT_BUDGET_TOKENS', message: 'must be at least 100' },
    ]);
  });

  it('names a provider entry with a bad type, or an OpenAI-compatible one without baseURL', () => {
    expect(
      problemsOf({ AI_PROVIDERS: JSON.stringify([{ name: 'x', type: 'mistral', models: ['m'] }]) }),
    ).toEqual([
      {
        variable: 'AI_PROVIDERS',
        message: 'must be one of openai, anthropic, gemini (at 0.type)',
      },
    ]);
    expect(problemsOf({ AI_PROVIDERS: JSON.stringify([{ name: 'x', models: ['m'] }]) })).toEqual([
      {
        variable: 'AI_PROVIDERS',
        message: 'is required for an OpenAI-compatible provider (at 0.baseURL)',
      },
    ]);
    expect(
      problemsOf({
        AI_PROVIDERS: JSON.stringify([{ name: 'anthropic', type: 'anthropic', models: ['m'] }]),
      })[0]?.message,
    ).toContain('"anthropic" is reserved or used twice');
  });

  it('treats empty strings as unset', () => {
    const config = parseConfig({ DATABASE_URL: '', PORT: ' ', REDIS_URL: '' });
    expect(config.database.kind).toBe('embedded');
    expect(config.port).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty', 'must be a number'],
    ['PORT', '70000', 'must be between 0 and 65535'],
    ['PORT', '80.5', 'must be a whole number'],
    ['DATABASE_URL', 'mysql://db/chat', 'must be a URL like postgresql://'],
    ['DATABASE_URL', 'not a url', 'must be a URL like postgresql://'],
    ['REDIS_URL', 'http://cache:6379', 'must be a URL like redis://'],
    ['OPENAI_BASE_URL', 'ftp://x', 'must be a URL like https://'],
    ['ANTHROPIC_BASE_URL', 'api.anthropic.com', 'must be a URL like https://'],
    ['GEMINI_BASE_URL', 'ftp://x', 'must be a URL like https://'],
    ['LOG_LEVEL', 'loud', 'Invalid option'],
    ['NODE_ENV', 'staging', 'Invalid option'],
    ['CHECKPOINT_INTERVAL_MS', '10', 'must be at least 50'],
    ['RATE_LIMIT_ENABLED', 'maybe', 'must be true or false'],
    ['AI_PROVIDERS', '{not json', 'must be a JSON array of providers'],
  ])('names %s when it is %j', (variable, value, message) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe(variable);
    expect(problems[0]?.message).toContain(message);
  });

  it('names the field inside a bad provider entry', () => {
    const problems = problemsOf({
      AI_PROVIDERS: JSON.stringify([{ name: 'Bad Name', baseURL: 'nope', models: [] }]),
    });
    expect(problems.map((problem) => problem.variable)).toEqual([
      'AI_PROVIDERS',
      'AI_PROVIDERS',
      'AI_PROVIDERS',
    ]);
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(
      /at 0\.name[\s\S]*at 0\.baseURL[\s\S]*at 0\.models/,
    );
  });

  it('reports every bad variable at once, in the error message too', () => {
    const env = { PORT: 'x', REDIS_URL: 'y' };
    expect(() => parseConfig(env)).toThrow(/PORT must be a number[\s\S]*REDIS_URL must be a URL/);
  });

  it('requires both Google OAuth variables or neither', () => {
    expect(problemsOf({ GOOGLE_CLIENT_ID: 'id' })).toEqual([
      {
        variable: 'GOOGLE_CLIENT_SECRET',
        message: 'is required when the other Google OAuth variable is set',
      },
    ]);
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production' };

    it('refuses to start without secrets', () => {
      const problems = problemsOf(production);
      expect(problems).toEqual([
        { variable: 'JWT_SECRET', message: 'is required when NODE_ENV=production' },
        { variable: 'AUTH_SECRET', message: 'is required when NODE_ENV=production' },
      ]);
    });

    it('refuses the built-in development secrets', () => {
      const problems = problemsOf({ ...production, ...DEVELOPMENT_SECRETS });
      expect(problems.map((problem) => problem.variable)).toEqual(['JWT_SECRET', 'AUTH_SECRET']);
      expect(problems[0]?.message).toContain('built-in development secret');
    });

    it.each([
      ['a placeholder', 'please-change-me-please-change-me-please', 'placeholder'],
      ['a repeated character', 'a'.repeat(40), 'placeholder'],
      ['a short secret', 'k2J9x', 'at least 32 characters'],
    ])('refuses %s', (_label, secret, message) => {
      const problems = problemsOf({ ...production, JWT_SECRET: secret, AUTH_SECRET: strongSecret });
      expect(problems).toHaveLength(1);
      expect(problems[0]?.variable).toBe('JWT_SECRET');
      expect(problems[0]?.message).toContain(message);
    });

    it('starts with real secrets', () => {
      const config = parseConfig({
        ...production,
        JWT_SECRET: strongSecret,
        AUTH_SECRET: otherStrongSecret,
      });
      expect(config.isProduction).toBe(true);
      expect(config.auth.jwtSecret).toBe(strongSecret);
    });
  });
});
