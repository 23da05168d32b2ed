/** The few colours the CLI uses, or plain text when colour is off. */
export interface Style {
  prompt(text: string): string;
  assistant(text: string): string;
  /** Earlier messages, times, hints: present but quieter than what is happening now. */
  dim(text: string): string;
  warn(text: string): string;
  error(text: string): string;
  ok(text: string): string;
  readonly enabled: boolean;
}

const sgr = (open: string, close: string) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

/**
 * Colour only for a person at a terminal: never into a pipe or a file (scripts read plain text),
 * never when NO_COLOR is set (https://no-color.org).
 */
export function createStyle(options: { isTTY: boolean; noColor: boolean }): Style {
  const enabled = options.isTTY && !options.noColor;
  if (!enabled) {
    const plain = (text: string) => text;
    return {
      prompt: plain,
      assistant: plain,
      dim: plain,
      warn: plain,
      error: plain,
      ok: plain,
      enabled,
    };
  }
  return {
    prompt: sgr('1;36', '22;39'),
    assistant: sgr('1;35', '22;39'),
    dim: sgr('2', '22'),
    warn: sgr('33', '39'),
    error: sgr('31', '39'),
    ok: sgr('32', '39'),
    enabled,
  };
}
