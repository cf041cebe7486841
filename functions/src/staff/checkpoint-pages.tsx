/**
 * The village checkpoint (卡口, issue 12): a reference scanned from a receipt's QR code or typed
 * in is looked up within the caller's grid, and the returnee marked 已到达, once, audited; a mark
 * made on the wrong person is taken back with 撤销, audited too. Another grid's reference answers
 * exactly as one that does not exist.
 */
import { parseReference, REFERENCE_PROBLEMS } from '../../../src/lib/reference';
import { markArrived, unmarkArrived } from '../db/arrival';
import { getDeclaration } from '../db/ledger-query';
import { now } from '../clock';
import { scopeOf, seeOther, todayOf, type Context, type Handler } from './context';
import { toEntry } from './entry';
import { staffPage } from './render';
import { CheckpointView, type CheckpointResult } from './views/checkpoint';

// The page opens the camera: the site's `camera=()` (functions/src/http.ts) opened to this origin.
const CAMERA = {
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), interest-cohort=()',
};

/** Not found, or not the caller's: the same words either way, so nothing tells them apart. */
function notFoundText({ staff, site }: Context): string {
  const retry = '请核对编号；如果是刚刚提交的报备，请过一两分钟再查。';
  return staff.grid === '*'
    ? `台账里没有这个回执编号。${retry}`
    : `您负责的网格里没有这个回执编号。${retry}不是本网格的返乡人员，请联系值班电话 ${site.community.dutyPhone}。`;
}

async function lookup(context: Context, typed: string): Promise<CheckpointResult> {
  if (typed.trim() === '') return { kind: 'none' };
  const parsed = parseReference(typed);
  if ('problem' in parsed) return { kind: 'invalid', message: REFERENCE_PROBLEMS[parsed.problem] };
  const row = await getDeclaration(context.env.LEDGER, parsed.reference, scopeOf(context.staff));
  if (!row) {
    return { kind: 'not_found', reference: parsed.reference, message: notFoundText(context) };
  }
  return {
    kind: 'found',
    record: {
      entry: toEntry(row, context.site),
      arrivedAt: row.arrived_at,
      arrivedBy: row.arrived_by,
    },
  };
}

const STATUS = { none: 200, found: 200, not_found: 404, invalid: 422 } as const;

function page(context: Context, result: CheckpointResult, typed: string): Promise<Response> {
  const title =
    result.kind === 'invalid'
      ? '错误：卡口登记'
      : result.kind === 'found'
        ? `卡口登记 ${result.record.entry.reference}`
        : '卡口登记';
  return staffPage(
    context.env,
    context.staff,
    title,
    <CheckpointView
      result={result}
      typed={result.kind === 'invalid' ? typed : ''}
      today={todayOf(context.env)}
    />,
    STATUS[result.kind],
    CAMERA,
  );
}

/** The page, and the answer to a reference typed or scanned (`?reference=`). */
export const checkpoint: Handler = async (context) => {
  const typed = (context.url.searchParams.get('reference') ?? '').slice(0, 100);
  return page(context, await lookup(context, typed), typed);
};

/**
 * A post of the record's arrival form: `change` marks the arrival (已到达, once: a second tap
 * changes nothing) or takes the mark back (撤销); either way the record is shown again.
 */
function arrivalPost(change: typeof markArrived): Handler {
  return async (context) => {
    const form = await context.request.formData();
    const typed = String(form.get('reference') ?? '').slice(0, 100);
    const result = await lookup(context, typed);
    if (result.kind !== 'found') return page(context, result, typed);
    const { reference } = result.record.entry;
    await change(context.env.LEDGER, reference, scopeOf(context.staff), {
      at: now(context.env).toISOString(),
      actor: context.staff.actor,
    });
    return seeOther(`/staff/checkpoint/?reference=${reference}`);
  };
}

/** 已到达. */
export const arrive = arrivalPost(markArrived);
/** 撤销: the mark was made on the wrong person. */
export const undoArrival = arrivalPost(unmarkArrived);
