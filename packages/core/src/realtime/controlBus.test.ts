import { describe, expect, it } from 'vitest';
import { createMemoryControlBus } from './controlBus';

describe('createMemoryControlBus', () => {
  it('delivers a cancel to every listener', async () => {
    const bus = createMemoryControlBus();
    const heard: string[] = [];
    bus.onCancel((id) => heard.push(`a:${id}`));
    bus.onCancel((id) => heard.push(`b:${id}`));
    await bus.publishCancel('m1');
    expect(heard).toEqual(['a:m1', 'b:m1']);
  });

  it('stops delivering to a listener that unsubscribed', async () => {
    const bus = createMemoryControlBus();
    const heard: string[] = [];
    const stop = bus.onCancel((id) => heard.push(id));
    await bus.publishCancel('m1');
    stop();
    await bus.publishCancel('m2');
    expect(heard).toEqual(['m1']);
  });

  it('drops every listener on close', async () => {
    const bus = createMemoryControlBus();
    const heard: string[] = [];
    bus.onCancel((id) => heard.push(id));
    await bus.close();
    await bus.publishCancel('m1');
    expect(heard).toEqual([]);
  });
});

describe('typing signals', () => {
  it('reach every listener with their origin, until they unsubscribe', async () => {
    const bus = createMemoryControlBus();
    const heard: string[] = [];
    const stop = bus.onTyping(({ sessionId, typing, origin }) =>
      heard.push(`${sessionId}:${typing}:${origin}`),
    );
    await bus.publishTyping({ sessionId: 's1', typing: true, origin: 'socket-a' });
    stop();
    await bus.publishTyping({ sessionId: 's1', typing: false, origin: 'socket-a' });
    expect(heard).toEqual(['s1:true:socket-a']);
  });
});
