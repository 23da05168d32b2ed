'use client';
import { createContext, useContext, useEffect, useRef } from 'react';

/** The element the chat list scrolls in: sentinels watch their distance to its bottom edge. */
export const ScrollRoot = createContext<Element | null>(null);

/**
 * Calls `onVisible` when the end of a list comes within a screenful of view. A new observer is
 * made whenever `active` turns true again, and its first report says whether the end is still in
 * view, so a page too short to fill the list asks for the next one at once.
 */
export function LoadMoreSentinel({
  active,
  onVisible,
}: {
  active: boolean;
  onVisible: () => void;
}) {
  const root = useContext(ScrollRoot);
  const ref = useRef<HTMLDivElement>(null);
  const callback = useRef(onVisible);
  useEffect(() => {
    callback.current = onVisible;
  }, [onVisible]);

  useEffect(() => {
    const sentinel = ref.current;
    if (!active || !sentinel) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) callback.current();
      },
      { root, rootMargin: '0px 0px 100% 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [active, root]);

  return <div ref={ref} aria-hidden="true" className="h-px" />;
}

/** What a paged list shows at its end: a quiet status while the next page loads. */
export function LoadingMore({ loading }: { loading: boolean }) {
  return (
    <p role="status" className="px-3 py-1 text-xs text-zinc-600 dark:text-zinc-400">
      {loading ? 'Loading more chats…' : ''}
    </p>
  );
}
