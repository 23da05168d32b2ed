'use client';
import { watchSession, type Conversation, type SessionWatch } from '@chatbot/client';
import { useEffect, useRef, useState } from 'react';
import { useChatClient } from '@/lib/trpc';

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
    const watch = watchSession(client, sessionId, {
      onChange: (next) => {
        setConversation(next);
        if (next.session && next.session !== lastSession.current) {
          lastSession.current = next.session;
          onSession.current?.();
        }
      },
      onError: (cause) => setError((cause as Error).message),
    });
    watchRef.current = watch;
    void watch.ready.then(() => setLoaded(true));
    return () => watch.stop();
  }, [client, sessionId]);

  return {
    conversation,
    loaded,
    error,
    loadOlder: () => watchRef.current?.loadOlder() ?? Promise.resolve(false),
    hasOlder: () => watchRef.current?.hasOlder() ?? false,
  };
}
