/**
 * The Worker's clock: the real time, or the instant in FIXED_NOW where a test or a training run
 * (演练) sets it, so the days of a monitoring period can be walked through without waiting.
 * Production never sets it (README, Deploying). `real` is the time when no instant is fixed (a cron
 * trigger's scheduled time, say).
 */
export function now(env: Env, real: Date = new Date()): Date {
  const fixed = env.FIXED_NOW ? Date.parse(env.FIXED_NOW) : Number.NaN;
  return Number.isNaN(fixed) ? real : new Date(fixed);
}
