'use client';
import { watchSession, type Conversation, type SessionWatch } from '@chatbot/client';
import { useEffect, useRef, useState } from 'react';
import { useChatClient } from '@/lib/trpc';
import { describeMutationError } from '@/lib/mutationError';

/** The longest a change waits to be rendered when no animation frame comes. */
const FLUSH_MS = 100;

/**
 * The live conversation of one chat: recent messages, then every event as it happens (another
 * tab's sends, a reply streaming in, a resumed stream after a reload).
 */
export function useConversation(sessionId: string, onSessionEvent?: () => void) {
  const client = useChatClient();
  const [conversation, setConversation] = useState<Conversation>({ messages: [], deleted: false });
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const watchRef = useRef<SessionWatch | undefined>(undefined);
  const lastSession = useRef<unknown>(undefined);
  const onSession = useRef(onSessionEvent);
  onSession.current = onSessionEvent;

  useEffect(() => {
    // A reply's deltas can come faster than frames: the newest state is rendered at most once a
    // frame (or after FLUSH_MS when frames are not running, as in a hidden tab).
    let pending: Conversation | undefined;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      timer = undefined;
      if (pending) setConversation(pending);
      pending = undefined;
    };
    const watch = watchSession(client, sessionId, {
      onChange: (next) => {
        pending = next;
        if (timer === undefined) {
          frame = requestAnimationFrame(flush);
          timer = setTimeout(flush, FLUSH_MS);
        }
        if (next.session && next.session !== lastSession.current) {
          lastSession.current = next.session;
          onSession.current?.();
        }
      },
      // In words, never the browser's "Failed to fetch".
      onError: (cause) => setError(describeMutationError(cause)),
    });
    watchRef.current = watch;
    void watch.ready.then(() => {
      flush();
      setLoaded(true);
    });
    return () => {
      pending = undefined;
      flush();
      watch.stop();
    };
  }, [client, sessionId]);

  return {
    conversation,
    loaded,
    error,
    loadOlder: () => watchRef.current?.loadOlder() ?? Promise.resolve(false),
    hasOlder: () => watchRef.current?.hasOlder() ?? false,
  };
}
