/** Turns a zod content schema into Sveltia CMS fields, so the editor asks for what the build checks. */
// The labels come from the schema's own messages ("请填写标题 title，…"), so a field added to a
// schema shows up in the editor with its Chinese name without anyone editing this file.
import type { Field } from '@sveltia/cms';
import {
  $ZodArray,
  $ZodBoolean,
  $ZodDefault,
  $ZodEnum,
  $ZodNumber,
  $ZodObject,
  $ZodOptional,
  $ZodPipe,
  $ZodString,
  $ZodTransform,
  safeParse,
  type $ZodType,
} from 'zod/v4/core';

/** Chinese wording a schema cannot supply by itself, keyed by dotted field path (`feverClinic.name`). */
export interface FieldWording {
  /** Labels for groups (objects, lists of objects) and any field whose message names no label. */
  labels: Readonly<Record<string, string>>;
  /** Help shown under a field: how to fill it in, taken from content/README.md. */
  hints: Readonly<Record<string, string>>;
  /** Display names of enum values that are codes rather than words (`red` → 红码). */
  options: Readonly<Record<string, string>>;
}

/** A text this long or longer gets a multi-line box instead of a one-line input. */
const MULTILINE_FROM = 100;
/** A value no schema accepts: its error message names the field. */
const PROBE = Symbol('cms-probe');

/** What is left of a field once optional, default and preprocessing are peeled off. */
function unwrap(schema: $ZodType): { inner: $ZodType; optional: boolean; fallback?: unknown } {
  let inner = schema;
  let optional = false;
  let fallback: unknown;
  for (;;) {
    if (inner instanceof $ZodOptional) {
      optional = true;
      inner = inner._zod.def.innerType;
    } else if (inner instanceof $ZodDefault) {
      optional = true;
      fallback = inner._zod.def.defaultValue;
      inner = inner._zod.def.innerType;
    } else if (inner instanceof $ZodPipe) {
      // A preprocess (transform → check) is edited as what it checks; a transform after a check
      // (高 → high) as what it accepts, since the file holds what the person wrote.
      inner = inner._zod.def.in instanceof $ZodTransform ? inner._zod.def.out : inner._zod.def.in;
    } else {
      return { inner, optional, fallback };
    }
  }
}

/** The limits a schema's checks set (zod keeps them on each check's definition). */
function limits(schema: $ZodType) {
  const found: { minimum?: number; maximum?: number; pattern?: RegExp; integer: boolean } = {
    integer: 'format' in schema._zod.def && /int/.test(String(schema._zod.def.format)),
  };
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as unknown as Readonly<Record<string, unknown>>;
    const { value, minimum, maximum, pattern, format } = def;
    if (def['check'] === 'min_length' && typeof minimum === 'number') found.minimum = minimum;
    if (def['check'] === 'max_length' && typeof maximum === 'number') found.maximum = maximum;
    if (def['check'] === 'greater_than' && typeof value === 'number') found.minimum = value;
    if (def['check'] === 'less_than' && typeof value === 'number') found.maximum = value;
    if (def['check'] === 'string_format' && pattern instanceof RegExp) found.pattern = pattern;
    if (def['check'] === 'number_format' && /int/.test(String(format))) found.integer = true;
  }
  return found;
}

/** The first message the schema gives for `value`, or '' when it accepts it. */
function messageFor(schema: $ZodType, value: unknown): string {
  const result = safeParse(schema, value);
  return result.success ? '' : (result.error.issues[0]?.message ?? '');
}

/** The Chinese name a schema's messages use for `name`: "请填写发布日期 date，…" → 发布日期. */
function labelFromMessages(schema: $ZodType, name: string): string | undefined {
  const named = new RegExp(`^(?:请填写)?(\\S+?) (?:[A-Za-z]+\\.)*${name}(?![A-Za-z])`);
  return named.exec(messageFor(schema, PROBE))?.[1];
}

/** A string schema is a date field when it takes a real date and refuses an impossible one. */
function isDate(schema: $ZodType): boolean {
  return safeParse(schema, '2026-11-20').success && !safeParse(schema, '2026-02-30').success;
}

function stringField(schema: $ZodString): Partial<Field> {
  if (isDate(schema)) return { widget: 'datetime', type: 'date', format: 'YYYY-MM-DD' };
  const { maximum, minimum, pattern } = limits(schema);
  return {
    widget: maximum !== undefined && maximum >= MULTILINE_FROM ? 'text' : 'string',
    ...(maximum !== undefined && { maxlength: maximum }),
    ...(minimum !== undefined && minimum > 1 && { minlength: minimum }),
    // The schema's own message for a value that breaks the pattern, word for word.
    ...(pattern && { pattern: [pattern.source, messageFor(schema, ' ')] }),
  };
}

function numberField(schema: $ZodNumber): Partial<Field> {
  const { minimum, maximum, integer } = limits(schema);
  return {
    widget: 'number',
    value_type: integer ? 'int' : 'float',
    ...(minimum !== undefined && { min: minimum }),
    ...(maximum !== undefined && { max: maximum }),
    ...(!integer && { step: 0.1 }),
  };
}

function options(schema: $ZodEnum, wording: FieldWording) {
  return Object.values(schema._zod.def.entries).map((value) => ({
    label: wording.options[String(value)] ?? String(value),
    value,
  }));
}

function listField(
  schema: $ZodArray,
  label: string,
  path: string,
  wording: FieldWording,
): Partial<Field> {
  const { inner } = unwrap(schema._zod.def.element);
  const min = limits(schema).minimum;
  const bounds = min !== undefined && min > 0 ? { min } : {};
  if (inner instanceof $ZodEnum) {
    return { widget: 'select', multiple: true, options: options(inner, wording), ...bounds };
  }
  if (inner instanceof $ZodObject) {
    const fields = objectFields(inner, path, wording);
    const named = fields.some((field) => field.name === 'name');
    return {
      widget: 'list',
      fields,
      ...(named && { summary: '{{fields.name}}' }),
      collapsed: 'auto',
      ...bounds,
    };
  }
  const item = toField('item', schema._zod.def.element, `${path}.*`, wording);
  return { widget: 'list', field: { ...item, label }, ...bounds };
}

/** One schema field as one editor field, with the same name, limits and required-ness. */
function toField(name: string, schema: $ZodType, path: string, wording: FieldWording): Field {
  const { inner, optional, fallback } = unwrap(schema);
  const label = wording.labels[path] ?? labelFromMessages(inner, name) ?? name;
  const hint = wording.hints[path];
  let shape: Partial<Field>;
  if (inner instanceof $ZodString) shape = stringField(inner);
  else if (inner instanceof $ZodNumber) shape = numberField(inner);
  else if (inner instanceof $ZodBoolean) shape = { widget: 'boolean' };
  else if (inner instanceof $ZodEnum)
    shape = { widget: 'select', options: options(inner, wording) };
  else if (inner instanceof $ZodArray) shape = listField(inner, label, path, wording);
  else if (inner instanceof $ZodObject) {
    shape = { widget: 'object', fields: objectFields(inner, path, wording) };
  } else {
    throw new Error(
      `src/lib/cms-fields.ts has no editor field for ${path} (zod type ${inner._zod.def.type}): add a case to toField`,
    );
  }
  return {
    name,
    label,
    ...shape,
    // A choice with a default always has a value (the editor fills it in), so it is required; a
    // switch is always on or off, and an optional field or an empty default list may stay empty.
    required: !optional || typeof fallback === 'string' || typeof fallback === 'number',
    ...(hint && { hint }),
    ...(fallback !== undefined && { default: fallback }),
  } as Field;
}

/** The editor fields of an object schema, in the schema's order. */
export function objectFields(schema: $ZodType, path: string, wording: FieldWording): Field[] {
  const { inner } = unwrap(schema);
  if (!(inner instanceof $ZodObject))
    throw new Error(`${path || 'schema'} is not an object schema`);
  return Object.entries(inner._zod.def.shape).map(([name, field]) =>
    toField(name, field, path ? `${path}.${name}` : name, wording),
  );
}
