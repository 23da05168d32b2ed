'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeMutationError, isNetworkFailure } from '@/lib/mutationError';

/** Waits between tries when the server did not answer but the browser is online. */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];

export interface SendNotice {
  message: string;
  /** A try is scheduled: `retryNow` starts it at once. */
  retrying: boolean;
}

const newClientId = () => `web-${crypto.randomUUID()}`;

/**
 * Sends a message so that it is stored once however often it is tried: every try of the same
 * text carries the same `clientId` (the server answers a repeat with the first result), and a
 * new id is made only once a send is confirmed. A send that got no answer is tried again by
 * itself: when the browser comes back online, or after a short wait. `send` settles with the
 * final outcome, so the composer keeps its text until the message is stored.
 */
export function useReliableSend(
  perform: (content: string, clientId: string, attachmentIds: string[]) => Promise<unknown>,
) {
  const [notice, setNotice] = useState<SendNotice>();
  const latest = useRef(perform);
  latest.current = perform;
  const pending = useRef<
    { content: string; attachmentIds: string[]; clientId: string } | undefined
  >(undefined);
  const wake = useRef<(() => void) | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      wake.current?.();
    };
  }, []);

  const send = useCallback(async (content: string, attachmentIds: string[] = []) => {
    const same =
      pending.current?.content === content &&
      pending.current.attachmentIds.join() === attachmentIds.join();
    const attempt =
      same && pending.current
        ? pending.current
        : { content, attachmentIds, clientId: newClientId() };
    pending.current = attempt;
    setNotice(undefined);
    for (let tries = 0; mounted.current;) {
      try {
        await latest.current(content, attempt.clientId, attachmentIds);
        pending.current = undefined;
        if (mounted.current) setNotice(undefined);
        return true;
      } catch (cause) {
        const offline = navigator.onLine === false;
        if (!isNetworkFailure(cause) || (!offline && tries >= RETRY_DELAYS_MS.length)) {
          if (mounted.current)
            setNotice({ message: describeMutationError(cause), retrying: false });
          return false;
        }
        setNotice({
          message: offline ? 'You are offline — retrying' : 'Could not reach the server — retrying',
          retrying: true,
        });
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            window.removeEventListener('online', done);
            wake.current = undefined;
            resolve();
          };
          // Offline, the next try waits for the connection rather than a timer.
          const timer = offline ? undefined : setTimeout(done, RETRY_DELAYS_MS[tries]);
          window.addEventListener('online', done);
          wake.current = done;
        });
        if (!offline) tries += 1;
      }
    }
    return false;
  }, []);

  const retryNow = useCallback(() => wake.current?.(), []);
  return { send, notice, retryNow };
}
