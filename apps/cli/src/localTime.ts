const pad = (value: number) => String(value).padStart(2, '0');

/** `2026-11-25 14:02` in the user's time zone: what a person reads, not UTC ISO text. */
export function localDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${localTime(date)}`;
}

/** `14:02` in the user's time zone. */
export function localTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
