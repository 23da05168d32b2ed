import readline from 'node:readline';
import { createStyle, type Style } from './style';

/**
 * Line input and output for the chat loop. Works with a terminal and with piped input (tests,
 * scripts): one line is read at a time, when the loop asks for it.
 */
export interface Terminal {
  /** The next line; undefined at end of input or when Ctrl+C cancelled the read. */
  readLine(prompt?: string, options?: { hidden?: boolean }): Promise<string | undefined>;
  write(text: string): void;
  line(text?: string): void;
  close(): void;
  /**
   * While `handler` is registered, Ctrl+C calls it (the newest one only) instead of ending the
   * program. Returns the function that unregisters it.
   */
  onInterrupt(handler: () => void): () => void;
  /** Input comes from a person at a terminal (prompts are shown, passwords hidden). */
  readonly interactive: boolean;
  /** Output goes to a terminal (spinner, colours unless NO_COLOR). */
  readonly decorated: boolean;
  readonly style: Style;
}

export function createTerminal(options: {
  noColor: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}): Terminal {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const decorated = Boolean((output as { isTTY?: boolean }).isTTY);
  const style = createStyle({ isTTY: decorated, noColor: options.noColor });
  const rl = readline.createInterface({ input, output, terminal: interactive });

  // Lines typed ahead wait here; a piped input is paused while any wait, so it never piles up.
  const queued: string[] = [];
  let waiter: ((line: string | undefined) => void) | undefined;
  let ended = false;
  rl.on('line', (line) => {
    if (waiter) {
      const resolve = waiter;
      waiter = undefined;
      resolve(line);
      return;
    }
    queued.push(line);
    if (!interactive) rl.pause();
  });
  rl.on('close', () => {
    ended = true;
    waiter?.(undefined);
    waiter = undefined;
  });

  let muted = false;
  // readline echoes typed characters through this; muting it hides a password as it is typed.
  const echo = rl as unknown as { _writeToOutput(text: string): void };
  const originalWrite = echo._writeToOutput.bind(rl);
  echo._writeToOutput = (text: string) => {
    if (!muted) originalWrite(text);
  };

  // Ctrl+C: a terminal in raw mode reports it through readline; piped input gets the signal.
  const interruptHandlers: (() => void)[] = [];
  const interrupt = () => {
    const handler = interruptHandlers.at(-1);
    if (handler) handler();
    // A read in progress ends: at the idle prompt that ends the program (exit code 0, like
    // Ctrl+D), inside a command (a password) the command's own handler above has stopped it.
    if (waiter) {
      if (interactive && !muted) output.write('\n');
      const resolve = waiter;
      waiter = undefined;
      resolve(undefined);
    } else if (!handler) process.exit(0);
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);

  return {
    interactive,
    decorated,
    style,
    onInterrupt(handler) {
      interruptHandlers.push(handler);
      return () => {
        const index = interruptHandlers.lastIndexOf(handler);
        if (index !== -1) interruptHandlers.splice(index, 1);
      };
    },
    async readLine(prompt, readOptions = {}) {
      if (queued.length > 0 || ended) {
        if (prompt && !interactive) output.write(prompt);
        const next = queued.shift();
        if (queued.length === 0 && !ended) rl.resume();
        return next;
      }
      if (prompt) {
        if (interactive) {
          // readline redraws its own prompt (on backspace, resize): it has to know this one.
          rl.setPrompt(prompt);
          rl.prompt();
        } else output.write(prompt);
      }
      muted = Boolean(readOptions.hidden && interactive);
      if (!interactive) rl.resume();
      try {
        return await new Promise<string | undefined>((resolve) => (waiter = resolve));
      } finally {
        if (muted) output.write('\n');
        muted = false;
      }
    },
    write: (text) => void output.write(text),
    line: (text = '') => void output.write(`${text}\n`),
    close: () => {
      process.off('SIGINT', interrupt);
      rl.close();
    },
  };
}
