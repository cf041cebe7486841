/**
 * The community queue's consumer: writes each batch into the ledger in one D1 round trip, tells
 * the grids, and acks each message on its own. Transient failures retry with backoff; a message
 * that keeps failing goes to the dead-letter queue, whose consumer keeps it in D1, so every
 * accepted reference ends up in the ledger or among the dead letters (PRODUCT.md §7).
 */
import { addDays } from '../../src/lib/dates';
import { now as clock } from './clock';
import { clearOutbox } from './db/intake';
import {
  deliveryStateStatement,
  markNotifiedStatement,
  storeDeadLetter,
  upsertStatement,
  type DeliveryState,
} from './db/ledger';
import { DeclarationMessageSchema, type DeclarationMessage } from './message';
import { notifyGrid } from './notify';
import { loadSite, type Site } from './site';

/** The dead-letter queue's name in wrangler.jsonc. */
export const DEAD_LETTER_QUEUE = 'firstline-declarations-dlq';

/**
 * Seconds to wait before retry `attempt` (1, 2, …): 10 s doubling, at most 15 minutes, so the
 * ten retries of wrangler.jsonc ride out an outage of about an hour before a dead letter.
 */
export function backoffSeconds(attempt: number): number {
  return Math.min(10 * 2 ** Math.max(0, attempt - 1), 900);
}

type Valid = { message: Message; body: DeclarationMessage };

// The ledger row, the outbox and the delivery state of each message, in one transaction.
function statements(env: Env, site: Site, { body }: Valid): D1PreparedStatement[] {
  const endOfPurpose = body.outcome.monitoringEnds ?? body.declaration.arrivalDate;
  const purgeAfter = addDays(endOfPurpose, site.community.retentionDays);
  return [
    upsertStatement(env.LEDGER, body, purgeAfter),
    clearOutbox(env.LEDGER, body.reference, body.submittedAt),
    deliveryStateStatement(env.LEDGER, body),
  ];
}

const stateOf = (result: D1Result | undefined) => result?.results[0] as DeliveryState | undefined;

/**
 * Writes `items` into the ledger: all in one batch, and if that fails, one by one, so a message
 * that cannot be written does not hold back the others. Returns each message's delivery state,
 * or undefined where its write failed.
 */
async function write(env: Env, site: Site, items: Valid[]): Promise<(DeliveryState | undefined)[]> {
  if (items.length === 0) return [];
  try {
    const results = await env.LEDGER.batch(items.flatMap((item) => statements(env, site, item)));
    return items.map((_, index) => stateOf(results[index * 3 + 2]));
  } catch {
    if (items.length === 1) return [undefined];
    return Promise.all(
      items.map((item) =>
        env.LEDGER.batch(statements(env, site, item)).then(
          (results) => stateOf(results[2]),
          () => undefined,
        ),
      ),
    );
  }
}

function retry(message: Message, reference: string, why: string) {
  console.error('delivery failed', reference, why);
  message.retry({ delaySeconds: backoffSeconds(message.attempts) });
}

/** Consumes one batch of the DECLARATIONS queue. */
export async function consumeDeclarations(batch: MessageBatch, env: Env): Promise<void> {
  const site = await loadSite(env);
  const valid: Valid[] = [];
  for (const message of batch.messages) {
    const parsed = DeclarationMessageSchema.safeParse(message.body);
    if (parsed.success) valid.push({ message, body: parsed.data });
    else {
      // Cannot succeed on any retry: let it reach the dead-letter queue quickly.
      console.error('declaration message malformed', message.id);
      message.retry({ delaySeconds: 0 });
    }
  }
  const states = await write(env, site, valid);
  const now = clock(env).toISOString();
  // Ledger first, then the grids: a failed notification retries without touching the row, and
  // only the submission the row now reflects is announced (an older, reordered one is not).
  const told = await Promise.all(
    valid.map(async ({ message, body }, index) => {
      const state = states[index];
      if (!state) return retry(message, body.reference, 'ledger');
      if (!state.current || state.notified) return message.ack();
      try {
        await notifyGrid(env, site, body);
        return body;
      } catch (error) {
        return retry(message, body.reference, error instanceof Error ? error.name : 'unknown');
      }
    }),
  );
  const notified = valid.filter((_, index) => told[index]);
  if (notified.length === 0) return;
  try {
    await env.LEDGER.batch(
      notified.map(({ body }) => markNotifiedStatement(env.LEDGER, body, now)),
    );
    for (const { message } of notified) message.ack();
  } catch {
    // The grid was told but it is not recorded: a retry may tell it again, which beats silence.
    for (const { message, body } of notified) retry(message, body.reference, 'notified');
  }
}

function field(body: unknown, name: 'reference' | 'submittedAt'): string | null {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : null;
  return typeof value === 'string' ? value : null;
}

/** Keeps each dead letter in D1 for staff; acked only once stored. */
export async function consumeDeadLetters(batch: MessageBatch, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body;
    try {
      await storeDeadLetter(env.LEDGER, {
        id: message.id,
        // Even a malformed message usually names its reference: keep it findable.
        reference: field(body, 'reference'),
        submittedAt: field(body, 'submittedAt'),
        receivedAt: new Date().toISOString(),
        body: JSON.stringify(body ?? null),
      });
      message.ack();
    } catch {
      console.error('dead letter not stored', message.id);
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
