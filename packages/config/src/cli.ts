import os from 'node:os';
import path from 'node:path';
import { ConfigError } from './config';

// No zod here, unlike the server's schema: the terminal client bundles this file, and zod
// (~750 KB) would make up most of the command's start-up time for one URL check.
const URL_MESSAGE = 'must be an http(s) URL like http://127.0.0.1:3001/trpc';

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

export interface CliEnvironment {
  /** The tRPC endpoint to talk to. */
  url: string;
  /** Where the CLI keeps its tokens: the user's config directory. */
  configDir: string;
  /** NO_COLOR is set (to anything but the empty string). */
  noColor: boolean;
  /** The folder the user started in, which relative paths they type are resolved against. */
  startDir: string;
}

export const DEFAULT_CLI_URL = 'http://127.0.0.1:3001/trpc';

/** The terminal client's settings: CHATBOT_URL and the per-user config directory. */
export function readCliEnvironment(
  env: Record<string, string | undefined> = process.env,
): CliEnvironment {
  const e = Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, value?.trim() ? value : undefined]),
  );
  if (e.CHATBOT_URL !== undefined && !isHttpUrl(e.CHATBOT_URL.trim()))
    throw new ConfigError([{ variable: 'CHATBOT_URL', message: URL_MESSAGE }]);
  const base =
    e.CHATBOT_CONFIG_DIR ??
    path.join(
      e.XDG_CONFIG_HOME ??
        (process.platform === 'win32' && e.APPDATA
          ? e.APPDATA
          : path.join(os.homedir(), '.config')),
      'chatbot-ai',
    );
  return {
    url: e.CHATBOT_URL?.trim() ?? DEFAULT_CLI_URL,
    configDir: base,
    noColor: Boolean(e.NO_COLOR),
    startDir: e.INIT_CWD || process.cwd(),
  };
}
