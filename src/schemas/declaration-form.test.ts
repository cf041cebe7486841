// Tests of the form contract: which questions apply, the input limits against the schema's, ids.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isKnownRegion } from '../lib/regions';
import { createDeclarationSchema, declarationIssues } from './declaration';
import {
  FIELD_ORDER,
  INPUT_MAX_LENGTH,
  TEXT_LIMITS,
  TRANSPORTS,
  errorId,
  fieldId,
  hintId,
  isAsked,
  missingTransportDetail,
  summaryHref,
} from './declaration-form';

const schema = createDeclarationSchema({
  areaIds: ['nantang'],
  today: '2026-11-20',
  isKnownRegion,
});
const issueOf = (field: string, value: unknown) =>
  declarationIssues(schema.safeParse({ [field]: value }).error ?? { issues: [] }).find(
    (issue) => issue.path === field,
  )?.message;

describe('which questions are asked', () => {
  test('asks for the number of a train, a plane and a car, and nothing else', () => {
    const asked = TRANSPORTS.filter((transport) => isAsked('transportDetail', { transport }));
    expect(asked).toEqual(['train', 'plane', 'car']);
  });

  test('requires the number only for trains and planes, with the example for each', () => {
    expect(TRANSPORTS.map((transport) => missingTransportDetail(transport))).toMatchInlineSnapshot(`
      [
        "请填写车次，例如：G1234",
        "请填写航班号，例如：MU5101",
        undefined,
        undefined,
        undefined,
        undefined,
      ]
    `);
  });

  test('asks for a test date after any test, not after none or before choosing', () => {
    expect(isAsked('nucleicTestDate', { nucleicTest: 'negative' })).toBe(true);
    expect(isAsked('nucleicTestDate', { nucleicTest: 'pending' })).toBe(true);
    expect(isAsked('nucleicTestDate', { nucleicTest: 'none' })).toBe(false);
    expect(isAsked('nucleicTestDate', {})).toBe(false);
  });

  test('treats unknown or odd transport values as asking nothing', () => {
    for (const transport of [
      '',
      'rocket',
      '__proto__',
      'constructor',
      0,
      null,
      undefined,
      ['train'],
    ]) {
      expect(isAsked('transportDetail', { transport })).toBe(false);
      expect(missingTransportDetail(transport)).toBeUndefined();
    }
  });

  test('never asks for the honeypot and always asks the other questions', () => {
    expect(isAsked('website', {})).toBe(false);
    expect(isAsked('name', {})).toBe(true);
  });

  test('the schema requires what the contract says is required', () => {
    const pathsFor = (transport: string) =>
      declarationIssues(schema.safeParse({ transport }).error ?? { issues: [] });
    expect(pathsFor('plane').find((issue) => issue.path === 'transportDetail')?.message).toBe(
      missingTransportDetail('plane'),
    );
    expect(pathsFor('car').map((issue) => issue.path)).not.toContain('transportDetail');
  });
});

describe('input limits', () => {
  test('each text input takes the schema’s limit plus a little room, never less', () => {
    for (const [field, limit] of Object.entries(TEXT_LIMITS)) {
      const max = INPUT_MAX_LENGTH[field as keyof typeof TEXT_LIMITS];
      expect(max).toBeGreaterThanOrEqual(limit);
      expect(max - limit).toBeLessThanOrEqual(5);
    }
  });

  test('the schema accepts exactly the limit and names it one character over', () => {
    for (const [field, limit] of Object.entries(TEXT_LIMITS)) {
      expect(issueOf(field, 'a'.repeat(limit))).toBeUndefined();
      expect(issueOf(field, 'a'.repeat(limit + 1))).toContain(`不能超过${limit}个字`);
    }
  });

  test('a name at the limit with a character outside the BMP fits the input', () => {
    const name = `${'王'.repeat(TEXT_LIMITS.name - 1)}𠮷`;
    expect(name.length).toBeGreaterThan(TEXT_LIMITS.name);
    expect(name.length).toBeLessThanOrEqual(INPUT_MAX_LENGTH.name);
    expect(issueOf('name', name)).toBeUndefined();
  });

  test('an ID number typed in groups and a phone with +86 fit their inputs', () => {
    expect('330106 19900307 123X'.length).toBeLessThanOrEqual(INPUT_MAX_LENGTH.idNumber);
    expect('0086 139-1234-5678'.length).toBeLessThanOrEqual(INPUT_MAX_LENGTH.phone);
  });
});

describe('ids', () => {
  test('gives each field its input, hint and error ids, and the summary links to the input', () => {
    expect([fieldId('phone'), hintId('phone'), errorId('phone'), summaryHref('phone')]).toEqual([
      'f-phone',
      'f-phone-hint',
      'f-phone-error',
      '#f-phone',
    ]);
  });

  test('links form-wide, unknown and control-less paths to the form, never to an id made from the path', () => {
    for (const path of [
      '',
      'nope',
      '"><script>',
      'phone.0',
      '__proto__',
      'submissionId',
      'website',
    ]) {
      expect(summaryHref(path)).toBe('#declaration-form');
    }
  });

  test('every field has an id distinct from every other', () => {
    const ids = FIELD_ORDER.flatMap((field) => [fieldId(field), hintId(field), errorId(field)]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('bundle', () => {
  test('stays free of zod, so the island can draw the form without loading it', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./declaration-form.ts', import.meta.url))],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/zod|safeParse/);
    expect(code.length).toBeLessThan(4_000);
  });
});
