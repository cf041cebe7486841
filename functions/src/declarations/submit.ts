/**
 * POST /api/declarations exactly as PRODUCT.md §6: parse → check → idempotency → queue →
 * answer (JSON, or HTML for the no-JS form). Nothing a person typed is ever logged.
 */
import { shanghaiDate } from '../../../src/lib/dates';
import { evaluatePolicy } from '../../../src/lib/policy';
import { receiptPerson, type ReceiptData } from '../../../src/lib/receipt';
import {
  createDeclarationSchema,
  declarationIssues,
  formToObject,
  isHoneypotFilled,
  type Declaration,
  type DeclarationIssue,
  type DeclarationSchema,
} from '../../../src/schemas/declaration';
import { readBody } from '../body';
import { now as clock } from '../clock';
import { sha256Hex } from '../crypto';
import { checkinToken, checkinUrl, tokenHash } from '../checkins/link';
import { keepLink, recordSubmission, releaseReference, type Recorded } from '../db/intake';
import { fromThisSite, json, secondsToNextWindow } from '../http';
import type { DeclarationMessage } from '../message';
import { newReference } from '../reference';
import { isKnownRegion, loadRegions, regionName } from '../regions';
import { loadSite, routeOf, type Site } from '../site';
import { formPage, receiptPage, unavailablePage } from './pages';

// PRODUCT.md §6: a 503 asks to retry within a minute.
const RETRY_AFTER = '60';

/**
 * Who a declaration is for and its idempotency keys: the same person arriving on the same day,
 * and the client's submissionId. Hashed, so the key table holds no identifier in the clear.
 */
async function keysOf(declaration: Declaration) {
  const person = `${declaration.idType}:${declaration.idNumber}`;
  return {
    identity: await sha256Hex(person),
    personKey: `person:${await sha256Hex(`${person}:${declaration.arrivalDate}`)}`,
    submissionKey: declaration.submissionId ? `sid:${declaration.submissionId}` : null,
  };
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

let schemaOfDay: { site: Site; today: string; schema: DeclarationSchema } | undefined;

/** The declaration schema of `today`, built once a day per isolate rather than per request. */
function schemaFor(site: Site, today: string): DeclarationSchema {
  if (schemaOfDay?.site !== site || schemaOfDay.today !== today) {
    const areaIds = site.community.areas.map((area) => area.id);
    schemaOfDay = {
      site,
      today,
      schema: createDeclarationSchema({ areaIds, today, isKnownRegion }),
    };
  }
  return schemaOfDay.schema;
}

/** Shown when a submissionId comes back with somebody else's ID number (PRODUCT.md §6). */
export const SUBMISSION_REUSED =
  '这份表单已经为另一位报备人提交过了。请刷新页面，重新填写并提交（每位报备人各提交一次）';

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

  // The limiter is asked while the body is read: both wait on I/O, neither needs the other.
  const ip = request.headers.get('CF-Connecting-IP') ?? 'local';
  const [limit, parsed, site] = await Promise.all([
    env.SUBMIT_LIMIT.limit({ key: ip }),
    readBody(request),
    loadSite(env),
  ]);
  if (!limit.success) {
    return refuse(429, 'rate_limited', { 'Retry-After': String(secondsToNextWindow()) });
  }
  if (!parsed.ok) return refuse(parsed.status, parsed.error);
  const body = parsed.kind === 'form' ? formToObject(parsed.value) : parsed.value;
  const now = clock(env);
  const today = shanghaiDate(now);
  const origin = (body as { originRegion?: unknown } | null)?.originRegion;
  if (typeof origin === 'string') await loadRegions(env, [origin]);

  const result = schemaFor(site, today).safeParse(body);
  if (!result.success) {
    const issues: DeclarationIssue[] = declarationIssues(result.error);
    return html && parsed.kind === 'form'
      ? formPage(env, parsed.value, issues)
      : json({ error: 'validation_failed', issues }, 422);
  }
  const declaration = result.data;
  const outcome = evaluatePolicy(declaration, site.policy, today);
  const { grid } = routeOf(site, declaration.areaId);

  // The JSON answer is exactly the contract's; the HTML receipt also names who it is for.
  const answer = (
    status: 200 | 202,
    reference: string,
    receivedAt: string,
    token: string | null,
  ) => {
    const data = receiptFor(site, declaration, {
      reference,
      receivedAt,
      risk: outcome.risk,
      reasons: outcome.reasons,
      measures: outcome.measures,
      testDays: outcome.testDays,
      monitoringEnds: outcome.monitoringEnds,
      checkinUrl: token === null ? null : checkinUrl(site.address, token),
    });
    return html
      ? receiptPage(
          env,
          { ...data, person: receiptPerson(declaration, regionName) },
          status,
          request.headers.get('User-Agent'),
        )
      : json(data, status);
  };
  const unavailable = () =>
    html
      ? unavailablePage(env, 503)
      : json({ error: 'queue_unavailable' }, 503, { 'Retry-After': RETRY_AFTER });

  // PRODUCT.md §6: a bot gets the very answer a person would, from the same evaluation, but the
  // reference is never stored or queued.
  // Only a declaration with a monitoring period has a check-in link (PRODUCT.md §11).
  const linkOf = (reference: string) =>
    outcome.monitoringEnds === null ? Promise.resolve(null) : checkinToken(env, reference);
  if (isHoneypotFilled(body)) {
    const reference = newReference();
    return answer(202, reference, now.toISOString(), await linkOf(reference));
  }

  const at = now.toISOString();
  let recorded: Recorded | undefined;
  // The link of the reference last drawn: a new declaration keeps it, so it is derived once.
  let drawn: { reference: string; token: string | null } | undefined;
  try {
    const keys = await keysOf(declaration);
    // A fresh reference is drawn again in the rare case that it was issued before.
    for (let draw = 0; draw < 5 && !recorded; draw++) {
      const candidate = newReference();
      const token = await linkOf(candidate);
      drawn = { reference: candidate, token };
      const message: DeclarationMessage = {
        v: 1,
        reference: candidate,
        receivedAt: at,
        submittedAt: at,
        declaration,
        routing: { areaId: declaration.areaId, gridId: grid?.id ?? '' },
        outcome,
      };
      const candidateLink = token === null ? null : await tokenHash(token);
      const submission = { ...keys, candidate, at, message, candidateLink };
      recorded = await recordSubmission(env.LEDGER, submission).catch((error: unknown) => {
        if (String(error).includes('UNIQUE')) return undefined;
        throw error;
      });
    }
  } catch {
    // The ledger is unreachable: like a refusing queue, nothing was accepted; try again soon.
    console.error('intake store unavailable');
    return unavailable();
  }
  if (!recorded) return unavailable();
  if (recorded.kind === 'conflict') {
    const issues = [{ path: 'submissionId', message: SUBMISSION_REUSED }];
    return html && parsed.kind === 'form'
      ? formPage(env, parsed.value, issues)
      : json({ error: 'validation_failed', issues }, 422);
  }

  const { reference, isNew } = recorded;
  const token = drawn?.reference === reference ? drawn.token : await linkOf(reference);
  try {
    await Promise.all([
      env.DECLARATIONS.send(JSON.parse(recorded.body) as unknown, { contentType: 'json' }),
      // A reference issued before may only now have a period: its link is kept as well.
      !isNew && token !== null ? keepLink(env.LEDGER, await tokenHash(token), reference, at) : null,
    ]);
  } catch {
    // PRODUCT.md §6: no reference is issued when the queue did not take the message. A
    // resubmission's reference stays; its outbox row is re-sent by the sweep.
    if (isNew) await releaseReference(env.LEDGER, reference).catch(() => {});
    console.error('queue send failed');
    return unavailable();
  }
  return answer(isNew ? 202 : 200, reference, recorded.receivedAt, token);
}
