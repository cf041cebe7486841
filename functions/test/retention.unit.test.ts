/** The daily purge with a fixed clock (PRODUCT.md J6), through the Worker's scheduled handler. */
import { createExecutionContext, createScheduledController, env } from 'cloudflare:test';
import { expect, test } from 'vitest';
import worker from '../src/index';
import { count } from './ledger';

async function seed(reference: string, purgeAfter: string) {
  const at = '2026-10-01T00:00:00.000Z';
  await env.LEDGER.batch([
    env.LEDGER.prepare(
      `INSERT INTO declarations (reference, received_at, submitted_at, area_id, grid_id, risk, arrival_date,
         monitoring_ends, purge_after, data) VALUES (?, ?, ?, 'dongshan-1', 'grid-1', 'low', '2026-10-01', '2026-10-07', ?, '{}')`,
    ).bind(reference, at, at, purgeAfter),
    env.LEDGER.prepare(
      "INSERT INTO follow_ups (reference, at, actor, status, note) VALUES (?, ?, '管理员', 'contacted', '已联系')",
    ).bind(reference, at),
    env.LEDGER.prepare(
      "INSERT INTO audit_log (at, actor, action, reference, detail) VALUES (?, '管理员', 'reveal', ?, '')",
    ).bind(at, reference),
    env.LEDGER.prepare(
      'INSERT INTO notifications (reference, submitted_at, sent_at) VALUES (?, ?, ?)',
    ).bind(reference, at, at),
    env.LEDGER.prepare(
      'INSERT INTO submissions (key, reference, created_at) VALUES (?, ?, ?)',
    ).bind(`sid:${reference}`, reference, at),
  ]);
}

test('deletes declarations past their purge date with their follow-ups, notifications, keys and audit details', async () => {
  await seed('1111-1111-1', '2026-11-05');
  await seed('2222-2222-2', '2026-11-06');
  await seed('3333-3333-3', '2026-11-30');
  await env.LEDGER.prepare(
    "INSERT INTO dead_letters (id, reference, received_at, body) VALUES ('old', NULL, '2026-09-01T00:00:00Z', '{}'), ('new', NULL, '2026-11-05T00:00:00Z', '{}')",
  ).run();
  // 2026-11-06 03:00 in Asia/Shanghai, when the cron runs.
  const controller = createScheduledController({
    scheduledTime: new Date('2026-11-05T19:00:00Z'),
    cron: '0 19 * * *',
  });
  await worker.scheduled(controller, env, createExecutionContext());

  for (const table of ['declarations', 'follow_ups', 'audit_log', 'notifications', 'submissions']) {
    expect(await count(table, 'reference = ?', '1111-1111-1'), table).toBe(0);
    expect(await count(table, 'reference = ?', '2222-2222-2'), table).toBe(1);
    expect(await count(table, 'reference = ?', '3333-3333-3'), table).toBe(1);
  }
  expect(await count('dead_letters', "id = 'old'")).toBe(0);
  expect(await count('dead_letters', "id = 'new'")).toBe(1);
});

test('keeps everything when nothing has expired', async () => {
  await seed('4444-4444-4', '2027-01-01');
  await worker.scheduled(
    createScheduledController({ scheduledTime: new Date('2026-11-05T19:00:00Z') }),
    env,
    createExecutionContext(),
  );
  expect(await count('declarations', 'reference = ?', '4444-4444-4')).toBe(1);
});
