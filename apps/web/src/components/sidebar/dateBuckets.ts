/** A run of chats under one heading: Today, Yesterday, Previous 7 days, Previous 30 days, a month. */
export interface DateBucket<T> {
  label: string;
  items: T[];
}

const DAY_LABELS = [
  { daysBack: 0, label: 'Today' },
  { daysBack: 1, label: 'Yesterday' },
  { daysBack: 7, label: 'Previous 7 days' },
  { daysBack: 30, label: 'Previous 30 days' },
] as const;

/** Local midnight `days` calendar days before `now` (calendar days, so DST changes do not shift it). */
function localMidnight(now: Date, days: number) {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
}

/** The heading a moment falls under, in the browser's time zone. */
export function bucketLabel(date: Date, now: Date, monthFormat: Intl.DateTimeFormat): string {
  for (const { daysBack, label } of DAY_LABELS) {
    if (date >= localMidnight(now, daysBack)) return label;
  }
  return monthFormat.format(date);
}

/**
 * Splits a newest-first list into consecutive date buckets. Items keep their order, so a list
 * that grows page by page only ever adds to its last bucket or opens new ones below it.
 */
export function groupByDate<T>(items: T[], dateOf: (item: T) => Date, now = new Date()) {
  const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
  const buckets: DateBucket<T>[] = [];
  for (const item of items) {
    const label = bucketLabel(dateOf(item), now, monthFormat);
    const last = buckets.at(-1);
    if (last?.label === label) last.items.push(item);
    else buckets.push({ label, items: [item] });
  }
  return buckets;
}
