/** The queue consumer in workerd: idempotent ledger writes, retries, dead letters, notification. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { shanghaiDate } from '../../src/lib/dates';
import { evaluatePolicy } from '../../src/lib/policy';
import { createDeclarationSchema, type Declaration } from '../../src/schemas/declaration';
import { isKnownRegion } from '../../src/lib/regions';
import { DEAD_LETTER_QUEUE, backoffSeconds } from '../src/consume';
import worker from '../src/index';
import type { DeclarationMessage } from '../src/message';
import { loadSite } from '../src/site';
import { declaration } from './fixtures';
import { count, ledgerRow } from './ledger';

afterEach(() => vi.restoreAllMocks());

let serial = 0;

/** A message as the API would send it, for a new reference unless one is given. */
async function message(
  overrides: Partial<DeclarationMessage> = {},
  answers: Record<string, unknown> = {},
): Promise<DeclarationMessage> {
  const site = await loadSite(env);
  const today = shanghaiDate();
  const schema = createDeclarationSchema({
    areaIds: site.community.areas.map((area) => area.id),
    today,
    isKnownRegion,
  });
  const parsed: Declaration = schema.parse(declaration(answers));
  serial += 1;
  const at = new Date(Date.UTC(2026, 10, 20, 8, 0, serial)).toISOString();
  return {
    v: 1,
    reference: `7000-${String(1000 + serial)}-0`,
    receivedAt: at,
    submittedAt: at,
    declaration: parsed,
    routing: { areaId: parsed.areaId, gridId: 'grid-1' },
    outcome: evaluatePolicy(parsed, site.policy, today),
    ...overrides,
  };
}

/** Runs the Worker's queue handler on `bodies` as one batch and returns what it acked/retried. */
async function consume(bodies: unknown[], bindings: Env = env, queue = 'firstline-declarations') {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, index) => ({
      id: `m${serial}-${index}`,
      timestamp: new Date(),
      attempts: 1,
      body,
    })),
  );
  // getQueueResult does not report the delay a retry asked for: record it on the way.
  const delays = new Map<string, number | undefined>();
  for (const item of batch.messages) {
    const retry = item.retry.bind(item);
    item.retry = (options) => {
      delays.set(item.id, options?.delaySeconds);
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    ...result,
    retryMessages: result.retryMessages.map(({ msgId }) => ({
      msgId,
      delaySeconds: delays.get(msgId),
    })),
  };
}

describe('writing the ledger', () => {
  test('a duplicate delivery leaves one row per reference and acks both', async () => {
    const body = await message();
    const result = await consume([body, body]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(await count('declarations', 'reference = ?', body.reference)).toBe(1);
    expect((await ledgerRow(body.reference))?.revision).toBe(1);
  });

  test('a newer submission updates the row and counts a revision; an older one arriving late changes nothing', async () => {
    const first = await message();
    const newer = {
      ...first,
      submittedAt: new Date(Date.parse(first.submittedAt) + 60_000).toISOString(),
      routing: { ...first.routing, areaId: 'dongshan-3' },
    };
    await consume([newer]);
    await consume([first]);
    const row = await ledgerRow(first.reference);
    expect(row).toMatchObject({
      revision: 1,
      area_id: 'dongshan-3',
      submitted_at: newer.submittedAt,
    });
    const latest = {
      ...newer,
      submittedAt: new Date(Date.parse(newer.submittedAt) + 60_000).toISOString(),
      declaration: { ...newer.declaration, addressDetail: '东山村15号' },
    };
    // The same answers again, later, are not a revision.
    await consume([{ ...newer, submittedAt: latest.submittedAt }]);
    expect((await ledgerRow(first.reference))?.revision).toBe(1);
    await consume([latest]);
    expect((await ledgerRow(first.reference))?.revision).toBe(2);
  });

  test('sets the purge date to the monitoring end plus the retention days', async () => {
    const body = await message();
    await consume([body]);
    const site = await loadSite(env);
    const expected = new Date(
      Date.parse(body.outcome.monitoringEnds ?? '') + site.community.retentionDays * 86_400_000,
    )
      .toISOString()
      .slice(0, 10);
    expect(
      (
        await env.LEDGER.prepare('SELECT purge_after FROM declarations WHERE reference = ?')
          .bind(body.reference)
          .first()
      )?.['purge_after'],
    ).toBe(expected);
  });

  test('retries a malformed message at once, so it reaches the dead-letter queue', async () => {
    const result = await consume([{ v: 99, nonsense: true }]);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: expect.any(String), delaySeconds: 0 }]);
  });

  test('retries a message whose ledger write fails, with backoff, and acks the others on their own', async () => {
    const good = await message();
    const bad = await message();
    // D1 refuses any transaction that writes the bad reference's row, as an overloaded or
    // corrupt database would; everything else goes through to the real local D1.
    const poisoned = new WeakSet<D1PreparedStatement>();
    const failing = {
      ...env,
      LEDGER: new Proxy(env.LEDGER, {
        get(target, key) {
          if (key === 'prepare') {
            return (sql: string) => {
              const statement = target.prepare(sql);
              const bind = statement.bind.bind(statement);
              statement.bind = (...values: unknown[]) => {
                const bound = bind(...values);
                if (sql.includes('INSERT INTO declarations') && values.includes(bad.reference))
                  poisoned.add(bound);
                return bound;
              };
              return statement;
            };
          }
          if (key === 'batch') {
            return (statements: D1PreparedStatement[]) =>
              statements.some((statement) => poisoned.has(statement))
                ? Promise.reject(new Error('D1 overloaded'))
                : target.batch(statements);
          }
          const value: unknown = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    } as Env;
    const result = await consume([good, bad], failing);
    expect(result.explicitAcks).toHaveLength(1);
    // First attempt: the first retry waits backoffSeconds(1) = 10 s.
    expect(result.retryMessages).toEqual([
      { msgId: expect.stringMatching(/-1$/), delaySeconds: 10 },
    ]);
    expect(await ledgerRow(good.reference)).not.toBeNull();
    expect(await ledgerRow(bad.reference)).toBeNull();
  });

  test('backs off 10 s, 20 s, 40 s … up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 10].map(backoffSeconds)).toEqual([
      10, 20, 40, 80, 160, 320, 640, 900, 900,
    ]);
  });

  test('keeps a dead letter in D1 once, however often it is delivered', async () => {
    const body = await message();
    const batch = createMessageBatch(DEAD_LETTER_QUEUE, [
      { id: 'dead-1', timestamp: new Date(), attempts: 1, body },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    await worker.queue(batch, env, createExecutionContext());
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['dead-1']);
    expect(await count('dead_letters', 'reference = ?', body.reference)).toBe(1);
  });
});

describe('notifying the grid', () => {
  const webhook = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test';
  const withRobot = { ...env, GRID_WEBHOOKS: JSON.stringify({ 'grid-1': webhook }) } as Env;

  /** The group robot is the outside world: record what it is sent and answer like WeCom. */
  function robot(answers: Response[] = []) {
    const sent: { url: string; body: { msgtype: string; text: { content: string } } }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      sent.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return answers.shift() ?? Response.json({ errcode: 0, errmsg: 'ok' });
    });
    return sent;
  }

  test('sends masked data only: name and phone masked, no ID number, with risk, arrival and a staff link', async () => {
    const sent = robot();
    const body = await message({}, { name: '欧阳秀英', phone: '13912345678' });
    await consume([body], withRobot);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(webhook);
    const text = sent[0]?.body.text.content ?? '';
    expect(sent[0]?.body.msgtype).toBe('text');
    expect(text).toContain('欧阳**');
    expect(text).toContain('139****5678');
    expect(text).toContain(`http://localhost:8787/staff/declarations/${body.reference}/`);
    expect(text).toContain('评估：低风险');
    for (const secret of [
      '欧阳秀英',
      '13912345678',
      body.declaration.idNumber,
      body.declaration.addressDetail,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  test('retries a refused notification without duplicating the row, and never notifies twice', async () => {
    const sent = robot([Response.json({ errcode: 45009, errmsg: 'api freq out of limit' })]);
    const body = await message();
    const refused = await consume([body], withRobot);
    expect(refused.retryMessages).toEqual([{ msgId: expect.any(String), delaySeconds: 10 }]);
    expect(await count('declarations', 'reference = ?', body.reference)).toBe(1);
    const retried = await consume([body], withRobot);
    expect(retried.explicitAcks).toHaveLength(1);
    await consume([body], withRobot);
    expect(sent).toHaveLength(2);
    expect(await count('declarations', 'reference = ?', body.reference)).toBe(1);
    expect(await count('notifications', 'reference = ?', body.reference)).toBe(1);
  });
});

describe('through the real queue', () => {
  test('with every tenth message poisoned, rows plus dead letters equal the messages sent', async () => {
    const total = 30;
    const references: string[] = [];
    for (let index = 0; index < total; index++) {
      const body = await message();
      references.push(body.reference);
      // A poisoned message fails on every attempt; the rest must all reach the ledger.
      await env.DECLARATIONS.send(index % 10 === 0 ? { ...body, v: 0 } : body, {
        contentType: 'json',
      });
    }
    await vi.waitFor(
      async () => {
        const rows = await count(
          'declarations',
          `reference IN (${references.map(() => '?').join(',')})`,
          ...references,
        );
        const dead = await count(
          'dead_letters',
          `reference IN (${references.map(() => '?').join(',')})`,
          ...references,
        );
        expect(rows + dead).toBe(total);
      },
      { timeout: 60_000, interval: 250 },
    );
    const dead = await count(
      'dead_letters',
      `reference IN (${references.map(() => '?').join(',')})`,
      ...references,
    );
    expect(dead).toBe(3);
  }, 90_000);
});
