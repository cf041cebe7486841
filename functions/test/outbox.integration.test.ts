/** Nothing accepted is lost: the outbox keeps each 202 until the ledger has it (PRODUCT.md §7). */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, test } from 'vitest';
import worker from '../src/index';
import { PURGE_CRON } from '../src/retention';
import { batchesOf, sweepOutbox } from '../src/outbox';
import { declaration, newResidentId, residentId } from './fixtures';
import { consumed, count, ledgerRow } from './ledger';

const API = 'https://firstline.test/api/declarations';

/** Posts to the Worker's handler with `bindings`, e.g. a queue that loses what it is sent. */
async function post(body: unknown, bindings: Env, address = '192.0.2.1'): Promise<Response> {
  const request = new Request(API, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': address },
    body: JSON.stringify(body),
  }) as Parameters<typeof worker.fetch>[0];
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

// A queue that says yes and forgets, as a local queue does when its process is killed.
const forgetful = {
  send: () => Promise.resolve(),
  sendBatch: () => Promise.resolve(),
} as unknown as Queue;
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe('the outbox', () => {
  test('is empty again once the consumer has written the ledger row', async () => {
    const response = await post(declaration({ idNumber: residentId('11010519910101300') }), env);
    const { reference } = await response.json<{ reference: string }>();
    await consumed(reference);
    expect(await count('outbox', 'reference = ?', reference)).toBe(0);
  });

  test('puts back a 202 the queue lost, once it is a few minutes old', async () => {
    const response = await post(declaration({ idNumber: residentId('11010519910101301') }), {
      ...env,
      DECLARATIONS: forgetful,
    });
    expect(response.status).toBe(202);
    const { reference } = await response.json<{ reference: string }>();
    expect(await count('outbox', 'reference = ?', reference)).toBe(1);
    // Too young: it may still be on its way through the queue.
    expect(await sweepOutbox(env, inMinutes(1))).toBe(0);
    expect(await sweepOutbox(env, inMinutes(6))).toBeGreaterThanOrEqual(1);
    const row = await consumed(reference);
    expect(row.revision).toBe(1);
    expect(await count('outbox', 'reference = ?', reference)).toBe(0);
  });

  test('re-sends the newest answers of a resubmission the queue lost', async () => {
    const person = { idNumber: residentId('11010519910101302') };
    const first = await (await post(declaration(person), env)).json<{ reference: string }>();
    await consumed(first.reference);
    const again = await post(declaration({ ...person, addressDetail: '东山村99号' }), {
      ...env,
      DECLARATIONS: forgetful,
    });
    expect(again.status).toBe(200);
    await sweepOutbox(env, inMinutes(6));
    await expect
      .poll(
        async () => JSON.parse((await ledgerRow(first.reference))?.data ?? '{}').addressDetail,
        {
          timeout: 10_000,
        },
      )
      .toBe('东山村99号');
  });

  test('is swept by the five-minute cron, and the daily cron purges', async () => {
    const response = await post(declaration({ idNumber: residentId('11010519910101303') }), {
      ...env,
      DECLARATIONS: forgetful,
    });
    const { reference } = await response.json<{ reference: string }>();
    const ctx = createExecutionContext();
    await worker.scheduled(
      { cron: '*/5 * * * *', scheduledTime: inMinutes(6).getTime(), noRetry: () => {} },
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect((await consumed(reference)).reference).toBe(reference);
    expect(PURGE_CRON).toBe('0 19 * * *');
  });

  test('re-sends a backlog of long declarations in batches the queue accepts', async () => {
    // 100 declarations with the longest note and workplace are about 310 KB, over the 256 KB a
    // sendBatch takes (and the 288 KB the local queue allows).
    const note = '需要社区帮忙买药和送菜，'.repeat(50).slice(0, 500);
    const originDetail = '武汉市江汉区新华街道某某电子有限公司'.repeat(6).slice(0, 100);
    const references: string[] = [];
    for (let index = 0; index < 100; index++) {
      const response = await post(
        declaration({ idNumber: newResidentId(), note, originDetail }),
        { ...env, DECLARATIONS: forgetful },
        `198.51.100.${index}`,
      );
      references.push((await response.json<{ reference: string }>()).reference);
    }
    expect(await sweepOutbox(env, inMinutes(6))).toBeGreaterThanOrEqual(100);
    for (const reference of references) {
      expect((await consumed(reference)).reference).toBe(reference);
    }
    expect(await count('outbox')).toBe(0);
  });
});

describe('batchesOf', () => {
  test('keeps each batch within 100 messages and 240 KB, in order', () => {
    const small = Array.from({ length: 250 }, (_, index) => `{"n":${index}}`);
    expect(batchesOf(small).map((batch) => batch.length)).toEqual([100, 100, 50]);
    const large = Array.from({ length: 10 }, () => 'x'.repeat(60_000));
    const batches = batchesOf(large);
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flat()).toEqual(large);
  });

  test('sends a message larger than a batch on its own rather than dropping it', () => {
    expect(batchesOf(['x'.repeat(300_000), '{}'])).toEqual([['x'.repeat(300_000)], ['{}']]);
  });
});
