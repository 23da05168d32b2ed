'use client';

/**
 * "< 2/3 >" under a message that has other versions (regenerated replies, edited prompts):
 * the arrows show the previous or next version's branch. Plain buttons, so Tab and Enter reach
 * them; disabled while a reply streams (the server refuses a switch then).
 */
export function VersionSwitcher({
  siblingIds,
  currentId,
  disabled,
  onSwitch,
}: {
  siblingIds: string[];
  currentId: string;
  disabled: boolean;
  onSwitch: (messageId: string) => void;
}) {
  const index = siblingIds.indexOf(currentId);
  if (siblingIds.length < 2 || index === -1) return null;
  const previous = siblingIds[index - 1];
  const next = siblingIds[index + 1];
  const button = 'rounded px-1 disabled:opacity-40';
  return (
    <span role="group" aria-label="Versions" className="inline-flex items-center gap-1">
      <button
        type="button"
        aria-label="Previous version"
        disabled={disabled || !previous}
        onClick={() => previous && onSwitch(previous)}
        className={button}
      >
        &lt;
      </button>
      <span data-testid="version-position">
        {index + 1}/{siblingIds.length}
      </span>
      <button
        type="button"
        aria-label="Next version"
        disabled={disabled || !next}
        onClick={() => next && onSwitch(next)}
        className={button}
      >
        &gt;
      </button>
    </span>
  );
}
