import type { FanOutSizes } from './fanOut';

export interface BenchSizes extends FanOutSizes {
  /** B2 concurrent replies, one subscriber each. */
  concurrent: number;
  /** B2 tokens per reply (at 50 tokens/s). */
  tokens: number;
  /** B2 window over which the sends are spread, like users arriving. */
  sendWindowMs: number;
  /** B3 idle: sends one at a time. */
  ttftSends: number;
  /** B3 under load: users sending at once, rounds of it, and the burst's size. */
  ttftUsers: number;
  ttftRounds: number;
  ttftBurst: number;
  /** B5 idle subscriptions kept open, then added, per transport. */
  idleBase: number;
  idleAdded: number;
  /** B4 measuring time per endpoint per side per round. */
  httpMs: number;
  /** B4 messages in the long session. */
  messages: number;
  /** B4 rounds of A/B, each side in a fresh process. */
  apiRounds: number;
  /** B6 uploads of a 20 MB file, one at a time, per side. */
  uploads: number;
}
