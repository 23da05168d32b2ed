/**
 * Coalesces text deltas that arrive faster than a frame into one event, so a provider that
 * sends many tiny chunks costs one message per frame on the wire, not one per token.
 *
 * After a quiet spell the pending text goes out at the end of the current event-loop turn
 * (setImmediate): no added latency, yet every chunk already read from the provider's socket in
 * this turn travels in the same event. Flushing synchronously instead would, on a busy server
 * (one event fanned out to a thousand subscribers takes longer than a frame), send every chunk
 * as its own event and make the server busier still. Within a frame of the last flush, the
 * text waits for the rest of the frame.
 */
export class DeltaBatcher {
  private pending = '';
  private offset = 0;
  private lastFlushAt = -Infinity;
  private scheduled: { cancel(): void } | undefined;

  constructor(
    private readonly emit: (delta: string, offset: number) => void,
    private readonly frameMs = 16,
  ) {}

  push(text: string): void {
    if (!text) return;
    this.pending += text;
    if (this.scheduled) return;
    const wait = this.frameMs - (performance.now() - this.lastFlushAt);
    if (wait <= 0) {
      const immediate = setImmediate(() => this.flush());
      this.scheduled = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(() => this.flush(), wait);
      this.scheduled = { cancel: () => clearTimeout(timer) };
    }
  }

  /** Emit whatever is pending now (at the end of a reply, or before it is cancelled). */
  flush(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    if (!this.pending) return;
    const delta = this.pending;
    this.pending = '';
    this.emit(delta, this.offset);
    this.offset += delta.length;
    this.lastFlushAt = performance.now();
  }
}
