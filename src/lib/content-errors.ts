/**
 * Turns zod issues on a content file into one Chinese message for 宣传员: the file, each field,
 * what is wrong, and (from the schema's own message) an example of a right value.
 */
import type { $ZodError } from 'zod/v4/core';

/** One line per wrong field: `  · 字段 <path>：<what is wrong and a right value>`. */
export function issueLines(error: $ZodError): string[] {
  return error.issues.map((issue) => {
    const field =
      issue.code === 'unrecognized_keys'
        ? [...issue.path, issue.keys.join('、')].join('.')
        : issue.path.join('.') || '（整个文件）';
    return `  · 字段 ${field}：${issue.message}`;
  });
}

/** A build error naming `file` and every wrong field in it, one per line. */
export function contentErrorMessage(file: string, error: $ZodError): string {
  const lines = issueLines(error);
  return [
    `内容文件 ${file} 有 ${lines.length} 处需要修改：`,
    ...lines,
    '改好后保存，再重新构建。',
  ].join('\n');
}

/** An Error whose message is {@link contentErrorMessage}; it carries no stack noise for authors. */
export class ContentError extends Error {
  constructor(file: string, error: $ZodError) {
    super(contentErrorMessage(file, error));
    this.name = '内容检查未通过';
    this.stack = `${this.name}: ${this.message}`;
  }
}
