/**
 * The community queue's message (PRODUCT.md §7): version, reference, times, the normalised
 * declaration, its routing and the evaluated risk. A few KB at most, far below the 128 KB limit.
 */
import type { PolicyOutcome } from '../../src/lib/policy';
import type { Declaration } from '../../src/schemas/declaration';

/** One accepted declaration on its way to the ledger. */
export interface DeclarationMessage {
  v: 1;
  reference: string;
  /** When the reference was first issued (ISO 8601). */
  receivedAt: string;
  /** When this submission of it arrived; the ledger keeps the newest. */
  submittedAt: string;
  declaration: Declaration;
  routing: { areaId: string; gridId: string };
  outcome: PolicyOutcome;
}

/** True when `body` looks like a message this version of the consumer understands. */
export function isDeclarationMessage(body: unknown): body is DeclarationMessage {
  if (typeof body !== 'object' || body === null) return false;
  const message = body as Partial<DeclarationMessage>;
  return (
    message.v === 1 &&
    typeof message.reference === 'string' &&
    typeof message.receivedAt === 'string' &&
    typeof message.submittedAt === 'string' &&
    typeof message.declaration === 'object' &&
    typeof message.routing?.gridId === 'string' &&
    typeof message.outcome?.risk === 'string'
  );
}
