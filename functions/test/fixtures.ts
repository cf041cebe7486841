/** Declarations for the Worker tests: valid ones with real check digits, and helpers to post. */
import { SELF, createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { vi } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { residentIdCheckDigit } from '../../src/lib/id-number';
import worker from '../src/index';

/** A valid resident ID for `body` (17 digits: region, birth date, sequence). */
export function residentId(body = '11010519491231002'): string {
  return body + residentIdCheckDigit(body);
}

let sequence = 0;

/** A different valid resident ID on every call, so tests do not replay each other. */
export function newResidentId(): string {
  sequence += 1;
  const day = String((sequence % 28) + 1).padStart(2, '0');
  const serial = String(Math.floor(sequence / 28) % 1000).padStart(3, '0');
  return residentId(`3301061985${'03'}${day}${serial}`);
}

/** A complete, valid declaration as the JSON API takes it, for a new person each time. */
export function declaration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const today = shanghaiDate();
  return {
    name: '张建国',
    idType: 'resident_id',
    idNumber: newResidentId(),
    phone: '13800138000',
    areaId: 'dongshan-1',
    addressDetail: '东山村12号',
    originRegion: '330106',
    departureDate: addDays(today, -1),
    arrivalDate: today,
    transport: 'train',
    transportDetail: 'G7512',
    viaRiskArea: false,
    healthCode: 'green',
    symptoms: [],
    nucleicTest: 'negative',
    nucleicTestDate: addDays(today, -1),
    closeContact: false,
    companions: 0,
    consent: true,
    ...overrides,
  };
}

/** POSTs `body` as JSON to the declaration API of the Worker under test. */
export function postJson(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch('https://firstline.test/api/declarations', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** The same declaration as the no-JS form sends it: urlencoded, checkboxes as `on`. */
export function formBody(values: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const item of value) form.append(key, String(item));
    else if (value === true) form.append(key, 'on');
    else if (value !== false && value !== undefined) form.append(key, String(value));
  }
  return form.toString();
}

/**
 * Calls the Worker's handler itself with `bindings` (a fixed clock, a robot, a queue that
 * refuses) and waits for what it left running after the answer (ctx.waitUntil).
 */
export async function callWorker(request: Request, bindings: Env): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** A new medium-risk returnee (14 days, tests on day 1, 7 and 14) and their check-in secret. */
export async function returnee(overrides: Record<string, unknown> = {}) {
  const body = declaration({
    name: '欧阳秀英',
    phone: '13912345678',
    healthCode: 'yellow',
    ...overrides,
  });
  const response = await postJson(body);
  const answer = await response.json<{ reference: string; checkinUrl: string | null }>();
  const url = new URL(answer.checkinUrl ?? '');
  const token = url.pathname.split('/')[2] ?? '';
  return { ...answer, body, url, token };
}

const ROBOT = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=t';

/**
 * A stand-in for the WeCom robot of `gridId` (an outside service, not the code under test): it
 * takes each message (or, while `down`, answers 500); `bindings` point the grid at it. Restore
 * with `vi.restoreAllMocks()`.
 */
export function receiver(gridId = 'grid-1') {
  const state = { taken: [] as string[], refused: 0, down: false };
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url !== ROBOT) return real(input, init);
    if (state.down) {
      state.refused += 1;
      return new Response('busy', { status: 500 });
    }
    const body = JSON.parse(String(init?.body)) as { text: { content: string } };
    state.taken.push(body.text.content);
    return Response.json({ errcode: 0 });
  });
  return Object.assign(state, {
    bindings: { ...env, GRID_WEBHOOKS: JSON.stringify({ [gridId]: ROBOT }) },
  });
}
