import fs from 'node:fs';
import path from 'node:path';
import type { StoredTokens, TokenStore } from '@chatbot/client';

/**
 * Tokens kept in the user's config directory, readable by that user only. Keyed by server URL,
 * so one machine can be signed in to several servers.
 */
export function fileTokenStore(configDir: string, serverUrl: string): TokenStore {
  const file = path.join(configDir, 'credentials.json');
  const readAll = (): Record<string, StoredTokens> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, StoredTokens>;
    } catch {
      return {};
    }
  };
  const writeAll = (all: Record<string, StoredTokens>) => {
    fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(all, null, 2), { mode: 0o600 });
    fs.renameSync(temporary, file); // atomic: a crash never leaves half a file
  };
  return {
    load: () => {
      const tokens = readAll()[serverUrl];
      if (!tokens) return undefined;
      return { ...tokens, user: { ...tokens.user, createdAt: new Date(tokens.user.createdAt) } };
    },
    save: (tokens) => writeAll({ ...readAll(), [serverUrl]: tokens }),
    clear: () => {
      const all = readAll();
      delete all[serverUrl];
      writeAll(all);
    },
  };
}
