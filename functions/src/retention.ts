/**
 * The daily purge (PRODUCT.md J6): declarations past `purge_after` (monitoring end plus the
 * community's retention days) go, with their follow-ups, notifications, keys and audit details.
 */
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { purgeExpired } from './db/ledger';

/** The cron of wrangler.jsonc that purges (03:00 Asia/Shanghai); the other one sweeps the outbox. */
export const PURGE_CRON = '0 19 * * *';

/** How long an unrecoverable dead letter is kept for staff to re-enter it by hand. */
const DEAD_LETTER_DAYS = 30;

/** Runs the purge as of `now`; returns how many declarations were deleted. */
export async function purge(env: Env, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const deleted = await purgeExpired(
    env.LEDGER,
    today,
    `${addDays(today, -DEAD_LETTER_DAYS)}T00:00:00`,
  );
  console.info('retention purge', { deleted });
  return deleted;
}
