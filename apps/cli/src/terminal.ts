import readline from 'node:readline';

/**
 * Line input and output for the chat loop. Works with a terminal and with piped input (tests,
 * scripts): one line is read at a time, when the loop asks for it.
 */
export interface Terminal {
  /** The next line, or undefined at end of input. */
  readLine(prompt?: string, options?: { hidden?: boolean }): Promise<string | undefined>;
  write(text: string): void;
  line(text?: string): void;
  close(): void;
  readonly interactive: boolean;
}

export function createTerminal(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Terminal {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const rl = readline.createInterface({ input, output, terminal: interactive });
  const lines = rl[Symbol.asyncIterator]();
  let muted = false;
  // readline echoes typed characters through this; muting it hides a password as it is typed.
  const echo = rl as unknown as { _writeToOutput(text: string): void };
  const originalWrite = echo._writeToOutput.bind(rl);
  echo._writeToOutput = (text: string) => {
    if (!muted) originalWrite(text);
  };

  return {
    interactive,
    async readLine(prompt, options = {}) {
      if (prompt) output.write(prompt);
      muted = Boolean(options.hidden && interactive);
      try {
        const next = await lines.next();
        return next.done ? undefined : next.value;
      } finally {
        if (muted) output.write('\n');
        muted = false;
      }
    },
    write: (text) => void output.write(text),
    line: (text = '') => void output.write(`${text}\n`),
    close: () => rl.close(),
  };
}
