/**
 * The community queue's consumer: writes each declaration into the ledger, acking each message
 * on its own; transient failures retry with backoff, and a message that keeps failing goes to
 * the dead-letter queue (wrangler.jsonc), so every accepted reference ends up somewhere.
 */
import { addDays } from '../../src/lib/dates';
import { upsertDeclaration } from './ledger';
import { isDeclarationMessage } from './message';
import { loadSite } from './site';

/** Seconds to wait before retry `attempt` (1, 2, …): 10 s doubling, at most 5 minutes. */
export function backoffSeconds(attempt: number): number {
  return Math.min(10 * 2 ** Math.max(0, attempt - 1), 300);
}

/** Consumes one batch of the DECLARATIONS queue. */
export async function consumeDeclarations(batch: MessageBatch, env: Env): Promise<void> {
  const { community } = await loadSite(env);
  for (const message of batch.messages) {
    const body = message.body;
    if (!isDeclarationMessage(body)) {
      // Cannot succeed on any retry: let it reach the dead-letter queue quickly.
      console.error('declaration message malformed', message.id);
      message.retry({ delaySeconds: 0 });
      continue;
    }
    try {
      const endOfPurpose = body.outcome.monitoringEnds ?? body.declaration.arrivalDate;
      await upsertDeclaration(env.LEDGER, body, addDays(endOfPurpose, community.retentionDays));
      message.ack();
    } catch (error) {
      console.error(
        'ledger write failed',
        body.reference,
        error instanceof Error ? error.name : 'unknown',
      );
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
