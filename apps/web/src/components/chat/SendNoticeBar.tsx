/** Why the last send or action failed, above the composer; "Retry now" while a retry waits. */
export function SendNoticeBar(props: { message: string | undefined; onRetryNow?: () => void }) {
  if (!props.message) return null;
  return (
    <div
      role="alert"
      data-testid="send-notice"
      className="mx-auto flex w-full max-w-3xl items-center gap-3 px-4 text-sm text-red-700 dark:text-red-400"
    >
      <span>{props.message}</span>
      {props.onRetryNow && (
        <button
          type="button"
          onClick={props.onRetryNow}
          className="rounded border border-current px-2 py-0.5"
        >
          Retry now
        </button>
      )}
    </div>
  );
}
