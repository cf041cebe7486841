/**
 * The build's own check of a content file, for the web editor to run before it saves (issue 13):
 * an entry the build would refuse is never committed to main, where it would stop the deploy.
 * Sveltia's field options cannot say "an urgent notice needs an expiry date" or "a 辟谣 notice
 * needs all four rumour fields"; the zod schemas can, so the editor asks them.
 */
import { safeParse, type $ZodType } from 'zod/v4/core';
import { FILE_SCHEMAS, FOLDER_SCHEMAS } from '../schemas/content-files';
import { issueLines } from './content-errors';

/** The schema that checks the file at `path` (relative to the repository), if any does. */
export function schemaForPath(path: string): $ZodType | undefined {
  const folder = /^content\/([a-z]+)\/[^/]+\.mdx?$/.exec(path)?.[1];
  if (folder && folder in FOLDER_SCHEMAS)
    return FOLDER_SCHEMAS[folder as keyof typeof FOLDER_SCHEMAS];
  const file = /^content\/([a-z]+)\.yaml$/.exec(path)?.[1];
  if (file && file in FILE_SCHEMAS) return FILE_SCHEMAS[file as keyof typeof FILE_SCHEMAS];
  return undefined;
}

/**
 * Why the build would refuse `data` (an editor entry's fields) as the file at `path`, in Chinese
 * for the 宣传员 about to save it; `undefined` when it would not. The Markdown body and the empty
 * optional fields the editor leaves out when it writes the file are not part of the check.
 */
export function contentProblem(
  path: string,
  data: Readonly<Record<string, unknown>>,
): string | undefined {
  const schema = schemaForPath(path);
  if (!schema) return undefined;
  const written = Object.fromEntries(
    Object.entries(data).filter(
      ([key, value]) => key !== 'body' && value !== undefined && value !== null && value !== '',
    ),
  );
  const result = safeParse(schema, written);
  if (result.success) return undefined;
  return [
    '还不能保存，网站会因为下面的问题停止更新：',
    ...issueLines(result.error),
    '请改好后再保存。',
  ].join('\n');
}
