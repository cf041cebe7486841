/** The declaration island's check: the shared schema, run on the form's answers. */
// zod and the ID-number and phone rules are most of the island's JavaScript; they load with it,
// on the form's first use (`client:interaction`), never with the page (issue 15).
import { shanghaiDate } from '../lib/dates';
import {
  createDeclarationSchema,
  declarationIssues,
  formToObject,
  type Declaration,
  type DeclarationIssue,
} from '../schemas/declaration';

/** What the island knows that the schema asks about. */
export interface CheckContext {
  areaIds: readonly string[];
  /** Whether a region code is known: the provinces, and the regions of the provinces loaded so far. */
  isKnownRegion: (code: string) => boolean;
}

/**
 * The outcome of {@link checkDeclaration}: what to send and the normalised answers the receipt's
 * person line is made from, or the problems.
 */
export type CheckResult =
  | { ok: true; body: Record<string, unknown>; declaration: Declaration }
  | { ok: false; issues: DeclarationIssue[] };

/** Checks the form's entries exactly as the Worker will, today in Asia/Shanghai. */
export function checkDeclaration(
  entries: Iterable<readonly [string, string]>,
  context: CheckContext,
): CheckResult {
  const body = formToObject(entries);
  const schema = createDeclarationSchema({
    areaIds: context.areaIds,
    today: shanghaiDate(),
    isKnownRegion: context.isKnownRegion,
  });
  const result = schema.safeParse(body);
  if (!result.success) return { ok: false, issues: declarationIssues(result.error) };
  return { ok: true, body, declaration: result.data };
}
