import { jsonEncoder, type Encoder } from '@trpc/server/adapters/ws';

/**
 * tRPC's JSON wire encoding for WebSocket messages, refusing a message that batches more than
 * `maxBatchSize` calls (tRPC's own `maxBatchSize` covers HTTP only). tRPC answers the refusal
 * as a PARSE_ERROR carrying this message, and runs none of the calls.
 */
export function batchLimitedEncoder(maxBatchSize: number): Encoder {
  return {
    encode: (data) => jsonEncoder.encode(data),
    decode(data) {
      const message: unknown = jsonEncoder.decode(data);
      if (Array.isArray(message) && message.length > maxBatchSize) {
        throw new Error(
          `A batch may carry at most ${maxBatchSize} calls; this one has ${message.length}`,
        );
      }
      return message;
    },
  };
}
