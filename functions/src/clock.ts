/**
 * The Worker's clock: the real time, or the instant in FIXED_NOW where a test or a training run
 * (演练) sets it, so the days of a monitoring period can be walked through without waiting.
 * Production never sets it (README, Deploying).
 */
export function now(env: Env): Date {
  const fixed = env.FIXED_NOW ? Date.parse(env.FIXED_NOW) : Number.NaN;
  return Number.isNaN(fixed) ? new Date() : new Date(fixed);
}
