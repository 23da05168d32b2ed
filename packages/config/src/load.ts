import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, findWorkspaceRoot, parseConfig, type Config } from './config';

let loaded: Config | undefined;

/**
 * The process's configuration, read from the environment (and a `.env` file in the working
 * directory, if present) the first time it is asked for. A bad value ends the process with a
 * message that names the variable: a server that starts half-configured is worse than one that
 * does not start.
 */
export function loadConfig(): Config {
  if (loaded) return loaded;
  // The working directory's .env first, then the workspace root's; neither overrides a
  // variable that is already set.
  const root = findWorkspaceRoot(process.env.INIT_CWD ?? process.cwd());
  for (const envFile of new Set([
    path.resolve('.env'),
    ...(root ? [path.join(root, '.env')] : []),
  ])) {
    if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  }
  try {
    loaded = parseConfig(process.env);
    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Connection strings the test suites use for real services; unset means "skip those runs". */
export function readTestEnvironment() {
  const value = (name: string) => process.env[name]?.trim() || undefined;
  return {
    databaseUrl: value('TEST_DATABASE_URL'),
    redisUrl: value('TEST_REDIS_URL'),
    chromiumPath: value('CHROMIUM_PATH'),
    isCI: value('CI') === 'true',
  };
}

/** This process's environment with some variables replaced: for child processes in tests. */
export function environmentWith(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/**
 * next-auth (v4) reads its base URL from the environment: NEXTAUTH_URL from PUBLIC_URL when
 * set, else trust the request's Host header (fine for a local or proxied deployment; set
 * PUBLIC_URL in production).
 */
export function applyNextAuthEnvironment(config: {
  publicUrl: string | undefined;
  auth: { authSecret: string };
}) {
  if (config.publicUrl) process.env.NEXTAUTH_URL ??= config.publicUrl;
  else process.env.AUTH_TRUST_HOST ??= 'true';
  process.env.NEXTAUTH_SECRET ??= config.auth.authSecret;
}
