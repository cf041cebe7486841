// The floor of the declaration path: only the binding calls the contract requires of every
// accepted declaration (PRODUCT.md §6) — the per-address limiter, one D1 round trip (the API's
// one batch for idempotency and outbox) and the queue send — with no validation or SQL work.
// `npm run bench` runs it next to the trivial Worker, so the API's ratio can be read against it.
export default {
  async fetch(request, env) {
    const [limit, body] = await Promise.all([
      env.SUBMIT_LIMIT.limit({ key: request.headers.get('CF-Connecting-IP') ?? 'local' }),
      request.text(),
    ]);
    if (!limit.success) return Response.json({ error: 'rate_limited' }, { status: 429 });
    await env.LEDGER.batch([env.LEDGER.prepare('SELECT 1')]);
    await env.DECLARATIONS.send(body, { contentType: 'text' });
    return Response.json({ reference: '0000-0000-0' }, { status: 202 });
  },
  // Takes the messages off the queue, as the real consumer does.
  async queue() {},
};
