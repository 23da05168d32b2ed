'use client';
import { useCallback, useEffect, useState } from 'react';

/**
 * Whether a collapsible part of the sidebar is open, remembered in this browser. Closed until
 * the browser says otherwise: a closed group costs no request, so fifty folders open as fast as
 * one.
 */
export function useRememberedOpen(key: string): [boolean, () => void] {
  const storageKey = `sidebar.open.${key}`;
  const [open, setOpen] = useState(false);
  useEffect(() => {
    setOpen(readFlag(storageKey));
  }, [storageKey]);
  const toggle = useCallback(() => {
    setOpen((value) => {
      writeFlag(storageKey, !value);
      return !value;
    });
  }, [storageKey]);
  return [open, toggle];
}

// Storage can be off (private modes, quotas): the sidebar still works, it just forgets.
function readFlag(key: string) {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function writeFlag(key: string, value: boolean) {
  try {
    if (value) localStorage.setItem(key, '1');
    else localStorage.removeItem(key);
  } catch {
    // Not remembered; see readFlag.
  }
}
