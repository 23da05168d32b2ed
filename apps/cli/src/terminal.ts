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
  /**
   * While `handler` is registered, Ctrl+C calls it instead of ending the program. Returns the
   * function that unregisters it.
   */
  onInterrupt(handler: () => void): () => void;
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

  // Ctrl+C: a terminal reports it through readline; piped input gets the signal itself.
  const interruptHandlers: (() => void)[] = [];
  const interrupt = () => {
    const handler = interruptHandlers.at(-1);
    if (handler) handler();
    else process.exit(130);
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);

  return {
    interactive,
    onInterrupt(handler) {
      interruptHandlers.push(handler);
      return () => {
        const index = interruptHandlers.lastIndexOf(handler);
        if (index !== -1) interruptHandlers.splice(index, 1);
      };
    },
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
    close: () => {
      process.off('SIGINT', interrupt);
      rl.close();
    },
  };
}
