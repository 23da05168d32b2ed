'use client';
import type { MouseEvent } from 'react';

/**
 * The first tab stop of every page: moves focus past the sidebar to the page's `<main>`.
 * It finds `<main>` itself, so no page has to give it an id.
 */
export function SkipLink() {
  function skip(event: MouseEvent<HTMLAnchorElement>) {
    const main = document.querySelector('main');
    if (!main) return;
    event.preventDefault();
    if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
    main.focus();
  }
  return (
    <a
      href="#main"
      onClick={skip}
      className="sr-only z-50 rounded-md bg-zinc-900 px-4 py-2 font-medium text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-zinc-100 dark:text-zinc-900"
    >
      Skip to main content
    </a>
  );
}
