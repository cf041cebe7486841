/**
 * Calendar dates as `YYYY-MM-DD` strings in Asia/Shanghai (PRODUCT.md §5): string order is date
 * order, and no time zone can shift a day when a page is built or a declaration is checked.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a `YYYY-MM-DD` string naming a day that exists (no 2月30日). */
export function isRealDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** The calendar date in Asia/Shanghai (UTC+8, no daylight saving) at `instant`. */
export function shanghaiDate(instant: Date = new Date()): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai of an ISO 8601 instant (the input as it is if not one). */
export function shanghaiMinute(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;
  return new Date(time + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** `date` moved by `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** `2026年11月20日`, the way notices write dates. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}

/**
 * A date as people type it (`2026/11/5`, `2026.11.05`, `2026年11月5日`) written `YYYY-MM-DD`;
 * anything else comes back unchanged for the caller to reject.
 */
export function normalizeDateInput(value: string): string {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.trim());
  if (!match) return value;
  const [, year, month, day] = match;
  return `${year ?? ''}-${(month ?? '').padStart(2, '0')}-${(day ?? '').padStart(2, '0')}`;
}

/** The instant a Shanghai calendar day begins (00:00 UTC+8, 16:00 UTC the day before). */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`): 0 for the same day, negative if before. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `am` before noon in Asia/Shanghai, `pm` from noon on: which half of the day `instant` is in. */
export function shanghaiHalfDay(instant: Date = new Date()): 'am' | 'pm' {
  return new Date(instant.getTime() + 8 * 3_600_000).getUTCHours() < 12 ? 'am' : 'pm';
}
