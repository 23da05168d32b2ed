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
 * set. In production it is never taken from the request's Host or X-Forwarded-Host (anyone can
 * send those): without PUBLIC_URL it is the address the web app listens on (`webPort`, unless
 * PORT says otherwise). Only in development does it follow the request's host.
 */
export function applyNextAuthEnvironment(
  config: {
    publicUrl: string | undefined;
    isProduction: boolean;
    port: number | undefined;
    host: string;
    auth: { authSecret: string };
  },
  webPort = 3000,
) {
  const url = config.publicUrl ?? (config.isProduction ? listeningUrl(config, webPort) : undefined);
  if (url) process.env.NEXTAUTH_URL ??= url;
  else process.env.AUTH_TRUST_HOST ??= 'true';
  process.env.NEXTAUTH_SECRET ??= config.auth.authSecret;
}

/** The address a server listens on, as a URL (any-address hosts are `localhost`). */
function listeningUrl(config: { host: string; port: number | undefined }, defaultPort: number) {
  const host = ['0.0.0.0', '::', ''].includes(config.host) ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port ?? defaultPort}`;
}
