/**
 * The declaration draft kept through a reload of the same tab (issue 9): WeChat's in-app browser
 * reloads the page when someone switches to 12306 or the photo album to look up a 车次 or an ID.
 */
// What is kept, where and for how long, since the draft holds an ID number, a phone number and
// health answers (sensitive personal information, PIPL art. 28; GB/T 35273 lists ID numbers):
// - sessionStorage only: it belongs to this one tab, is never sent anywhere, and the browser
//   drops it when the tab is closed; nothing goes to localStorage, cookies or the server;
// - every answer the person typed, because the ID number and the 车次 are exactly what they went
//   away to look up — except the consent tick (a decision, asked again) and the honeypot;
// - for at most an hour after the last change: long enough to look something up, short enough
//   that a phone passed round the family does not keep someone's ID number for the day; an older
//   draft is deleted unread;
// - deleted the moment the receipt arrives, and by 「清空重新填写」.
import { HONEYPOT_FIELD } from '../schemas/declaration-form';

/** The session-storage key of the draft; the island hydrates at once when it is there. */
export const DRAFT_KEY = 'firstline-declaration-draft';

const KEEP_MS = 60 * 60 * 1000;
const NOT_KEPT = new Set(['consent', HONEYPOT_FIELD]);

/** A kept draft: the form's entries and the idempotency key of the declaration being written. */
export interface Draft {
  savedAt: number;
  submissionId: string;
  entries: [string, string][];
}

/** Keeps the form's current answers; quietly does nothing when storage is blocked or full. */
export function saveDraft(form: HTMLFormElement, submissionId: string, now = Date.now()): void {
  const entries: [string, string][] = [];
  for (const [name, value] of new FormData(form)) {
    if (typeof value === 'string' && value !== '' && !NOT_KEPT.has(name)) {
      entries.push([name, value]);
    }
  }
  const draft: Draft = { savedAt: now, submissionId, entries };
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // Private mode or a full quota: the form still works, only a reload loses the answers.
  }
}

function isDraft(value: unknown): value is Draft {
  if (typeof value !== 'object' || value === null) return false;
  const { savedAt, submissionId, entries } = value as Partial<Draft>;
  return (
    typeof savedAt === 'number' &&
    typeof submissionId === 'string' &&
    submissionId !== '' &&
    Array.isArray(entries) &&
    entries.every(
      (entry) =>
        Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string',
    )
  );
}

/** The kept draft, or undefined; an expired or unreadable one is deleted. */
export function readDraft(now = Date.now()): Draft | undefined {
  let raw: string | null;
  try {
    raw = sessionStorage.getItem(DRAFT_KEY);
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  let draft: unknown;
  try {
    draft = JSON.parse(raw);
  } catch {
    draft = undefined;
  }
  if (isDraft(draft) && now - draft.savedAt <= KEEP_MS && draft.savedAt <= now) return draft;
  clearDraft();
  return undefined;
}

/** Deletes the kept draft. */
export function clearDraft(): void {
  try {
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing was kept if storage is blocked.
  }
}

/** Puts a draft's answers back into the form's own controls (text, selects, radios, boxes). */
export function fillForm(form: HTMLFormElement, entries: readonly [string, string][]): void {
  const given = (name: string) => entries.filter(([key]) => key === name).map(([, v]) => v);
  for (const element of form.elements) {
    if (
      !(element instanceof HTMLInputElement) &&
      !(element instanceof HTMLSelectElement) &&
      !(element instanceof HTMLTextAreaElement)
    ) {
      continue;
    }
    if (element.name === '' || NOT_KEPT.has(element.name)) continue;
    const values = given(element.name);
    if (element instanceof HTMLInputElement && ['radio', 'checkbox'].includes(element.type)) {
      element.checked = values.includes(element.value);
    } else if (values[0] !== undefined) {
      element.value = values[0];
    }
  }
}
