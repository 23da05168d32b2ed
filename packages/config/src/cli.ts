import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config';

const cliSchema = z.object({
  CHATBOT_URL: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .url({
        protocol: /^https?$/,
        error: 'must be an http(s) URL like http://127.0.0.1:3001/trpc',
      })
      .optional(),
  ),
  CHATBOT_CONFIG_DIR: z.string().optional(),
  XDG_CONFIG_HOME: z.string().optional(),
  APPDATA: z.string().optional(),
});

export interface CliEnvironment {
  /** The tRPC endpoint to talk to. */
  url: string;
  /** Where the CLI keeps its tokens: the user's config directory. */
  configDir: string;
}

export const DEFAULT_CLI_URL = 'http://127.0.0.1:3001/trpc';

/** The terminal client's settings: CHATBOT_URL and the per-user config directory. */
export function readCliEnvironment(
  env: Record<string, string | undefined> = process.env,
): CliEnvironment {
  const result = cliSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0]),
        message: issue.message,
      })),
    );
  }
  const e = result.data;
  const base =
    e.CHATBOT_CONFIG_DIR ??
    path.join(
      e.XDG_CONFIG_HOME ??
        (process.platform === 'win32' && e.APPDATA
          ? e.APPDATA
          : path.join(os.homedir(), '.config')),
      'chatbot-ai',
    );
  return { url: e.CHATBOT_URL ?? DEFAULT_CLI_URL, configDir: base };
}
