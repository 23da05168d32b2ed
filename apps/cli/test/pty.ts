import { spawn } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

export const builtCli = path.resolve(import.meta.dirname, '../dist/chatbot.mjs');

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

export interface PtySession {
  /** Type text as a person would (add `\r` for Enter). */
  type(text: string): void;
  /** Ctrl+C, as the terminal sends it. */
  interrupt(): void;
  /**
   * Resolve once `pattern` appears in the output (colours stripped) after the previous match;
   * fail with the whole output so far if it does not within `timeoutMs`.
   */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Everything written so far: `raw` with escape codes, `text` without. */
  raw(): string;
  text(): string;
  exited: Promise<number | null>;
}

/**
 * Run a command in a pseudo-terminal with util-linux's `script` (no native module needed): the
 * program sees a TTY on stdin and stdout, so readline, raw-mode Ctrl+C, colours and the spinner
 * behave as for a person. The terminal is 120 columns wide.
 */
export function runInPty(
  command: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): PtySession {
  const shell = `stty cols 120 rows 40 2>/dev/null; exec ${command.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', shell, '/dev/null'], {
    env: options.env,
    cwd: options.cwd,
  });
  let raw = '';
  let searchFrom = 0;
  const listeners = new Set<() => void>();
  const onOutput = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.on('error', (error) =>
    onOutput(
      Buffer.from(`\n[cannot run util-linux script (bsdutils on Debian): ${error.message}]\n`),
    ),
  );
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  // 'close', not 'exit': all output has been read by then.
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  // As a screen shows it: a backspace takes back the character before it (the spinner's frames).
  const text = () => {
    const shown: string[] = [];
    for (const char of stripVTControlCharacters(raw).replace(/\r/g, '')) {
      if (char !== '\b') shown.push(char);
      else if (shown.length > 0 && shown.at(-1) !== '\n') shown.pop();
    }
    return shown.join('');
  };

  return {
    type: (input) => void child.stdin.write(input),
    interrupt: () => void child.stdin.write('\x03'),
    raw: () => raw,
    text,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const rest = text().slice(searchFrom);
          const match =
            typeof pattern === 'string'
              ? { index: rest.indexOf(pattern), length: pattern.length }
              : (() => {
                  const found = pattern.exec(rest);
                  return { index: found ? found.index : -1, length: found?.[0].length ?? 0 };
                })();
          if (match.index === -1) return false;
          searchFrom += match.index + match.length;
          cleanup();
          resolve(rest.slice(0, match.index + match.length));
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`Timed out waiting for ${String(pattern)}. Output:\n${text()}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = () => void check();
        listeners.add(listener);
        void exited.then(() => {
          if (listeners.has(listener) && !check()) {
            cleanup();
            reject(new Error(`Exited before ${String(pattern)} appeared. Output:\n${text()}`));
          }
        });
        check();
      });
    },
  };
}
