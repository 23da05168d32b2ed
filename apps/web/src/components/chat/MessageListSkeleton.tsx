/** Placeholder bubbles while the first page loads: the list keeps its height, the composer its place. */
export function MessageListSkeleton() {
  const widths = ['w-2/5', 'w-4/5', 'w-1/3', 'w-3/4', 'w-1/2'];
  return (
    <div
      className="min-h-0 flex-1 overflow-hidden"
      role="status"
      aria-busy="true"
      aria-label="Loading messages"
      data-testid="message-list-skeleton"
    >
      <div className="mx-auto flex max-w-3xl flex-col gap-4 px-4 py-6">
        {widths.map((width, index) => (
          <div key={index} className={`flex ${index % 2 === 0 ? 'justify-end' : 'justify-start'}`}>
            <div
              className={`${width} animate-pulse rounded-2xl bg-zinc-200 dark:bg-zinc-800 ${
                index % 2 === 0 ? 'h-10' : 'h-24'
              }`}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
