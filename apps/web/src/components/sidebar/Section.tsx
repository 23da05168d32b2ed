import type { ReactNode } from 'react';

/** A titled part of the chat list (Favorites, Groups, Recent, a date). */
export function Section({
  title,
  level = 2,
  children,
}: {
  title: string;
  level?: 2 | 3;
  children: ReactNode;
}) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={id} className={level === 2 ? 'mb-4' : 'mb-2'}>
      <Heading
        id={id}
        className={
          level === 2
            ? 'px-3 pb-1 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400'
            : 'px-3 pt-2 pb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400'
        }
      >
        {title}
      </Heading>
      {children}
    </section>
  );
}

/** The button under a short paged list (a group, the favourites) that loads its next page. */
export function ShowMore({
  label,
  loading,
  onClick,
}: {
  label: string;
  loading: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={loading}
      className="px-3 py-1 text-xs text-zinc-600 underline-offset-2 hover:underline disabled:no-underline dark:text-zinc-400"
    >
      {loading ? 'Loading…' : label}
    </button>
  );
}
