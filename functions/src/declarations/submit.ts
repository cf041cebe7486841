/**
 * POST /api/declarations exactly as PRODUCT.md §6: parse → check → idempotency → queue →
 * answer (JSON, or HTML for the no-JS form). Nothing a person typed is ever logged.
 */
import { shanghaiDate } from '../../../src/lib/dates';
import { evaluatePolicy } from '../../../src/lib/policy';
import { receiptPerson, type ReceiptData, type ReceiptPerson } from '../../../src/lib/receipt';
import { isKnownRegion, regionName } from '../../../src/lib/regions';
import {
  createDeclarationSchema,
  declarationIssues,
  formToObject,
  isHoneypotFilled,
  type Declaration,
  type DeclarationIssue,
} from '../../../src/schemas/declaration';
import { readBody } from '../body';
import { json } from '../http';
import { issueReference, releaseSubmission } from '../ledger';
import type { DeclarationMessage } from '../message';
import { newReference } from '../reference';
import { loadSite, routeOf, type Site } from '../site';
import { formPage, receiptPage, unavailablePage } from './pages';

const RETRY_AFTER = '60';

/** Idempotency keys: the client's submissionId, and the same person arriving on the same day. */
async function keysOf(declaration: Declaration): Promise<string[]> {
  const person = `${declaration.idType}:${declaration.idNumber}:${declaration.arrivalDate}`;
  // Hashed so the key table holds no identifier in the clear.
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(person));
  const hex = [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');
  const keys = [`person:${hex}`];
  if (declaration.submissionId) keys.unshift(`sid:${declaration.submissionId}`);
  return keys;
}

function receiptFor(
  site: Site,
  declaration: Pick<Declaration, 'areaId'>,
  base: Omit<ReceiptData, 'grid'>,
) {
  const { community } = site;
  const grid = routeOf(site, declaration.areaId).grid ?? community.grids[0];
  return {
    ...base,
    grid: {
      name: grid?.name ?? '',
      leader: grid?.leader ?? '',
      phone: grid?.phone ?? community.dutyPhone,
    },
  } satisfies ReceiptData;
}

// A page served with a no-referrer policy posts `Origin: null`; the browser still tells us
// the post came from this site (Fetch Metadata), which is what the check is for.
function fromThisSite(request: Request): boolean {
  const origin = request.headers.get('Origin');
  if (origin === null || origin === new URL(request.url).origin) return true;
  return origin === 'null' && request.headers.get('Sec-Fetch-Site') === 'same-origin';
}

/** Handles one declaration request; `request.method` is already POST. */
export async function submitDeclaration(request: Request, env: Env): Promise<Response> {
  // A plain form post that accepts HTML gets pages, never raw JSON (STYLE.md: a problem the
  // person cannot fix gets the service-problem page with the duty phone).
  const html =
    (request.headers.get('Content-Type') ?? '').startsWith('application/x-www-form-urlencoded') &&
    (request.headers.get('Accept') ?? '').includes('text/html');
  const refuse = (status: number, error: string, headers: Record<string, string> = {}) =>
    html ? unavailablePage(env, status) : json({ error }, status, headers);

  if (!fromThisSite(request)) return refuse(403, 'forbidden');

  const ip = request.headers.get('CF-Connecting-IP') ?? 'local';
  const { success } = await env.SUBMIT_LIMIT.limit({ key: ip });
  if (!success) return refuse(429, 'rate_limited', { 'Retry-After': RETRY_AFTER });

  const parsed = await readBody(request);
  if (!parsed.ok) return refuse(parsed.status, parsed.error);
  const body = parsed.kind === 'form' ? formToObject(parsed.value) : parsed.value;
  const site = await loadSite(env);
  const now = new Date();
  const today = shanghaiDate(now);

  // The JSON answer is exactly the contract's; the HTML receipt also names who it is for.
  const answer = (status: 200 | 202, data: ReceiptData, person?: ReceiptPerson) =>
    html
      ? receiptPage(env, { ...data, person }, status, request.headers.get('User-Agent'))
      : json(data, status);

  if (isHoneypotFilled(body)) {
    // PRODUCT.md §6: a bot gets an answer that looks accepted; nothing is stored or queued.
    const low = site.policy.outcomes.low;
    return answer(
      202,
      receiptFor(
        site,
        { areaId: '' },
        {
          reference: newReference(),
          receivedAt: now.toISOString(),
          risk: 'low',
          reasons: [],
          measures: low.measures,
          testDays: [],
          monitoringEnds: null,
        },
      ),
    );
  }

  const schema = createDeclarationSchema({
    areaIds: site.community.areas.map((area) => area.id),
    today,
    isKnownRegion,
  });
  const result = schema.safeParse(body);
  if (!result.success) {
    const issues: DeclarationIssue[] = declarationIssues(result.error);
    return html && parsed.kind === 'form'
      ? formPage(env, parsed.value, issues)
      : json({ error: 'validation_failed', issues }, 422);
  }
  const declaration = result.data;
  const outcome = evaluatePolicy(declaration, site.policy, today);
  const { grid } = routeOf(site, declaration.areaId);
  const keys = await keysOf(declaration);

  let issued: { reference: string; createdAt: string; isNew: boolean };
  try {
    issued = await issueReference(env.LEDGER, keys, now.toISOString());
  } catch {
    // The ledger is unreachable: like a refusing queue, nothing was accepted; try again soon.
    console.error('reference store unavailable');
    return html
      ? unavailablePage(env, 503)
      : json({ error: 'queue_unavailable' }, 503, { 'Retry-After': RETRY_AFTER });
  }
  const { isNew } = issued;

  const message: DeclarationMessage = {
    v: 1,
    reference: issued.reference,
    receivedAt: issued.createdAt,
    submittedAt: now.toISOString(),
    declaration,
    routing: { areaId: declaration.areaId, gridId: grid?.id ?? '' },
    outcome,
  };
  try {
    await env.DECLARATIONS.send(message, { contentType: 'json' });
  } catch {
    // PRODUCT.md §6: no reference is issued when the queue did not take the message.
    if (isNew) await releaseSubmission(env.LEDGER, issued.reference);
    console.error('queue send failed');
    return html
      ? unavailablePage(env, 503)
      : json({ error: 'queue_unavailable' }, 503, { 'Retry-After': RETRY_AFTER });
  }

  return answer(
    isNew ? 202 : 200,
    receiptFor(site, declaration, {
      reference: issued.reference,
      receivedAt: issued.createdAt,
      risk: outcome.risk,
      reasons: outcome.reasons,
      measures: outcome.measures,
      testDays: outcome.testDays,
      monitoringEnds: outcome.monitoringEnds,
    }),
    receiptPerson(declaration, regionName),
  );
}
