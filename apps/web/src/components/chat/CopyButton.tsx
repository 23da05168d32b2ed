'use client';
import { useEffect, useRef, useState } from 'react';
import { copyText } from '../../lib/clipboard';

type CopyState = 'idle' | 'copied' | 'failed';
const SHOWN_MS = 1_500;
const LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' };

/**
 * A button that copies `text` (or what `text()` returns at click time) and says so for a moment.
 * `label` names what is copied for screen readers ("Copy message", "Copy code").
 */
export function CopyButton({
  text,
  label,
  className,
}: {
  text: string | (() => string);
  label: string;
  className?: string;
}) {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    const copied = await copyText(typeof text === 'function' ? text() : text);
    setState(copied ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), SHOWN_MS);
  };

  return (
    <button
      type="button"
      onClick={() => void copy()}
      aria-label={state === 'idle' ? label : LABELS[state]}
      data-copy-state={state}
      className={className}
    >
      {LABELS[state]}
    </button>
  );
}
