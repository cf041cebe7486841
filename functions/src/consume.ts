/**
 * The community queue's consumer: writes each declaration into the ledger and tells the grid,
 * acking each message on its own. Transient failures retry with backoff; a message that keeps
 * failing goes to the dead-letter queue, whose consumer keeps it in D1, so every accepted
 * reference ends up in the ledger or among the dead letters (PRODUCT.md §7).
 */
import { addDays } from '../../src/lib/dates';
import {
  currentSubmission,
  markNotified,
  storeDeadLetter,
  upsertDeclaration,
  wasNotified,
} from './ledger';
import { isDeclarationMessage, type DeclarationMessage } from './message';
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

/** Ledger first, then the grid: a failed notification retries without touching the row. */
async function deliver(env: Env, site: Site, body: DeclarationMessage): Promise<void> {
  const endOfPurpose = body.outcome.monitoringEnds ?? body.declaration.arrivalDate;
  await upsertDeclaration(env.LEDGER, body, addDays(endOfPurpose, site.community.retentionDays));
  // Only the submission the row now reflects is announced; an older, reordered one is not.
  if ((await currentSubmission(env.LEDGER, body.reference)) !== body.submittedAt) return;
  if (await wasNotified(env.LEDGER, body.reference, body.submittedAt)) return;
  await notifyGrid(env, site, body);
  await markNotified(env.LEDGER, body.reference, body.submittedAt, new Date().toISOString());
}

/** Consumes one batch of the DECLARATIONS queue. */
export async function consumeDeclarations(batch: MessageBatch, env: Env): Promise<void> {
  const site = await loadSite(env);
  for (const message of batch.messages) {
    const body = message.body;
    if (!isDeclarationMessage(body)) {
      // Cannot succeed on any retry: let it reach the dead-letter queue quickly.
      console.error('declaration message malformed', message.id);
      message.retry({ delaySeconds: 0 });
      continue;
    }
    try {
      await deliver(env, site, body);
      message.ack();
    } catch (error) {
      console.error(
        'delivery failed',
        body.reference,
        error instanceof Error ? error.name : 'unknown',
      );
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

function referenceOf(body: unknown): string | null {
  const reference =
    typeof body === 'object' && body !== null ? (body as { reference?: unknown }).reference : null;
  return typeof reference === 'string' ? reference : null;
}

/** Keeps each dead letter in D1 for staff; acked only once stored. */
export async function consumeDeadLetters(batch: MessageBatch, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body;
    try {
      await storeDeadLetter(env.LEDGER, {
        id: message.id,
        // Even a malformed message usually names its reference: keep it findable.
        reference: referenceOf(body),
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
