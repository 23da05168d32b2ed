/** What the load's `collect` reports once every subscriber saw its reply end (or timed out). */
export interface Collected {
  delivered: number;
  expected: number;
  lost: number;
  finished: number;
  /** Latency of every delivered delta, provider emit -> subscriber receipt. */
  p50: number;
  p99: number;
  firstEmit: number;
  lastReceiptAt: number;
  lastDoneAt: number;
  subscribers: number;
  frames: number;
  bytes: number;
  /** How busy the load's event loop was (0-1). */
  loadBusy: number;
  /** Each stream's received deltas/s over what its provider request emitted. */
  minRatio: number;
  p5Ratio: number;
  p50Ratio: number;
  streams: number;
}
