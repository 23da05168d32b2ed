/**
 * Coalesces text deltas that arrive faster than a frame into one event, so a provider that
 * sends many tiny chunks costs one message per frame on the wire, not one per token. The first
 * delta after a quiet spell goes out at once (no added latency); later ones wait at most a frame.
 */
export class DeltaBatcher {
  private pending = '';
  private offset = 0;
  private lastFlushAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (delta: string, offset: number) => void,
    private readonly frameMs = 16,
  ) {}

  push(text: string): void {
    if (!text) return;
    this.pending += text;
    if (this.timer) return;
    const sinceLast = performance.now() - this.lastFlushAt;
    if (sinceLast >= this.frameMs) this.flush();
    else this.timer = setTimeout(() => this.flush(), this.frameMs - sinceLast);
  }

  /** Emit whatever is pending now (at the end of a reply, or before it is cancelled). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    const delta = this.pending;
    this.pending = '';
    this.emit(delta, this.offset);
    this.offset += delta.length;
    this.lastFlushAt = performance.now();
  }
}
