// The floor of the declaration path: only the binding calls the contract requires of every
// accepted declaration (PRODUCT.md §6) — the per-address limiter, one D1 round trip that writes
// the submission's key (the API's one batch for idempotency and outbox is a write too) and the
// queue send — with no validation, no hashing and no other SQL. `npm run bench` runs it next to
// the trivial Worker, so the API's ratio can be read against it. Under `wrangler dev` each of the
// three is a call into another local service: the limiter and D1 are SQLite-backed Durable
// Objects, so each of them commits a write to disk per request.
const KEYS = `CREATE TABLE IF NOT EXISTS submissions (key TEXT PRIMARY KEY)`;

export default {
  async fetch(request, env) {
    const [limit, body] = await Promise.all([
      env.SUBMIT_LIMIT.limit({ key: request.headers.get('CF-Connecting-IP') ?? 'local' }),
      request.text(),
    ]);
    if (!limit.success) return Response.json({ error: 'rate_limited' }, { status: 429 });
    await env.LEDGER.batch([
      env.LEDGER.prepare(KEYS),
      env.LEDGER.prepare('INSERT OR IGNORE INTO submissions (key) VALUES (?)').bind(
        crypto.randomUUID(),
      ),
    ]);
    await env.DECLARATIONS.send(body, { contentType: 'text' });
    return Response.json({ reference: '0000-0000-0' }, { status: 202 });
  },
  // Takes the messages off the queue, as the real consumer does.
  async queue() {},
};
