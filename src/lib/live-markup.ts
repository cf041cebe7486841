/**
 * The markup contract that lets pages follow the clock without a rebuild (issue 9.2): the build
 * marks what depends on a notice's `expires` (or a guide's `reviewBy`), and the Worker
 * (functions/src/live-pages.ts) drops or reveals it once that Shanghai day has passed.
 */

/** On an element shown only up to and including this day: gone from the next day on. */
export const LIVE_UNTIL = 'data-live-until';

/** On a `hidden` element shown only after this day: revealed from the next day on. */
export const SHOWN_AFTER = 'data-shown-after';

/** True when `day` (YYYY-MM-DD) has passed on `today`: the day after it has begun. */
export function isPast(day: string, today: string): boolean {
  return day < today;
}

/** Attributes for what lives until `day`; none when there is no such day. */
export function liveUntil(day: string | undefined): Record<string, string> {
  return day ? { [LIVE_UNTIL]: day } : {};
}

/**
 * Attributes for what appears after `day`: hidden until then, and left out of the search index
 * (a notice in force must not be found by the word 已过期).
 */
export function shownAfter(day: string): Record<string, string | boolean> {
  return { [SHOWN_AFTER]: day, hidden: true, 'data-pagefind-ignore': 'all' };
}
