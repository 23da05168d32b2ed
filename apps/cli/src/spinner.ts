const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A one-character spinner drawn in place (backspace, next frame) while nothing has arrived yet.
 * Only for a terminal: in a pipe it would be noise.
 */
export function startSpinner(write: (text: string) => void, enabled: boolean): () => void {
  if (!enabled) return () => {};
  let frame = 0;
  write(FRAMES[0]!);
  const timer = setInterval(() => {
    frame = (frame + 1) % FRAMES.length;
    write(`\b${FRAMES[frame]}`);
  }, 80);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    write('\b \b');
  };
}
