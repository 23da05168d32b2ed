import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { transformer } from './transformer';

const message = fc.record({
  id: fc.string(),
  content: fc.string(),
  createdAt: fc.date({ noInvalidDate: true }),
  error: fc.option(fc.string(), { nil: null }),
  clientId: fc.option(fc.string(), { nil: undefined }),
});
const event = fc.oneof(
  fc.record({ type: fc.constant('message:new'), message }),
  fc.record({
    type: fc.constant('message:stream'),
    messageId: fc.string(),
    delta: fc.string(),
    offset: fc.nat(),
  }),
  fc.record({ type: fc.constant('message:delete'), messageIds: fc.array(fc.string()) }),
);

function outcome(run: () => unknown) {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('the event-aware transformer', () => {
  it('serialises exactly as superjson does: events, tracked wrappers and anything else', () => {
    fc.assert(
      fc.property(event, fc.string(), fc.jsonValue(), (generated, id, other) => {
        const frozen = Object.freeze({ ...generated });
        expect(transformer.serialize(frozen)).toEqual(superjson.serialize(frozen));
        const wrapper = { id, data: frozen };
        expect(transformer.serialize(wrapper)).toEqual(superjson.serialize(wrapper));
        expect(transformer.deserialize(transformer.serialize(wrapper))).toEqual(wrapper);
        // superjson refuses some keys ("prototype"); the transformer must refuse them alike.
        expect(outcome(() => transformer.serialize(other))).toEqual(
          outcome(() => superjson.serialize(other)),
        );
      }),
    );
  });

  it('walks a frozen event once, however many subscribers receive it', () => {
    const shared = Object.freeze({
      type: 'message:stream',
      messageId: 'm',
      delta: 'hi',
      offset: 0,
    });
    const first = transformer.serialize({ id: '1', data: shared });
    const second = transformer.serialize({ id: '1', data: shared });
    expect(second).toEqual(first);
    expect(transformer.serialize(shared)).toBe(transformer.serialize(shared));
  });
});
