import { z } from 'zod';
import * as mini from 'zod/mini';
import { describe, expect, test } from 'vitest';
import { objectFields, type FieldWording } from './cms-fields';
import { isRealDate } from './dates';

const NONE: FieldWording = { labels: {}, hints: {}, options: {} };

describe('editor fields from a zod schema', () => {
  test('a field added to a schema gets its Chinese label from the schema message', () => {
    const schema = z.strictObject({
      siteUrl: z.string({ error: '请填写网站地址 siteUrl，例如：https://fangyi.example.cn' }),
    });
    expect(objectFields(schema, 'community', NONE)).toEqual([
      { name: 'siteUrl', label: '网站地址', widget: 'string', required: true },
    ]);
  });

  test('limits, patterns and defaults carry over with the schema message for a broken pattern', () => {
    const schema = z.strictObject({
      phone: z.string({ error: '请填写电话 phone' }).regex(/^[0-9-]{5,20}$/, {
        error: '电话 phone 只能包含数字和“-”',
      }),
      summary: z.string({ error: '请填写摘要 summary' }).min(1).max(120).optional(),
      level: z
        .enum(['紧急', '一般'], { error: '紧急程度 level 只能是 紧急、一般' })
        .default('一般'),
      days: z.number({ error: '天数 days 要写整数' }).int().min(1).default(30),
    });
    expect(objectFields(schema, 'x', NONE)).toEqual([
      {
        name: 'phone',
        label: '电话',
        widget: 'string',
        pattern: ['^[0-9-]{5,20}$', '电话 phone 只能包含数字和“-”'],
        required: true,
      },
      { name: 'summary', label: '摘要', widget: 'text', maxlength: 120, required: false },
      {
        name: 'level',
        label: '紧急程度',
        widget: 'select',
        options: [
          { label: '紧急', value: '紧急' },
          { label: '一般', value: '一般' },
        ],
        required: true,
        default: '一般',
      },
      {
        name: 'days',
        label: '天数',
        widget: 'number',
        value_type: 'int',
        min: 1,
        required: true,
        default: 30,
      },
    ]);
  });

  test('a preprocessed string that only takes real dates becomes a date picker', () => {
    const date = z.preprocess(
      (value) => value,
      z.string({ error: '请填写发布日期 date' }).refine(isRealDate),
    );
    const [field] = objectFields(z.strictObject({ date }), 'x', NONE);
    expect(field).toMatchObject({ widget: 'datetime', type: 'date', format: 'YYYY-MM-DD' });
  });

  test('a zod/mini value that is transformed after the check is edited as what it accepts', () => {
    const schema = mini.strictObject({
      level: mini.pipe(
        mini.enum(['高', '中'], { error: '风险等级 level 只能写 高 或 中' }),
        mini.transform((level) => (level === '高' ? 'high' : 'medium')),
      ),
    });
    expect(objectFields(schema, 'policy', NONE)[0]).toMatchObject({
      label: '风险等级',
      widget: 'select',
      options: [
        { label: '高', value: '高' },
        { label: '中', value: '中' },
      ],
    });
  });

  test('wording labels win over the schema messages and name groups the messages cannot', () => {
    const schema = z.strictObject({ clinic: z.strictObject({ name: z.string() }) });
    const wording = { ...NONE, labels: { 'x.clinic': '发热门诊', 'x.clinic.name': '门诊名称' } };
    expect(objectFields(schema, 'x', wording)).toMatchObject([
      { name: 'clinic', label: '发热门诊', widget: 'object', fields: [{ label: '门诊名称' }] },
    ]);
  });

  test('a field whose message names no label falls back to its own name, so a test can catch it', () => {
    const schema = z.strictObject({ note: z.string() });
    expect(objectFields(schema, 'x', NONE)[0]?.label).toBe('note');
  });

  test('a zod type the editor cannot show stops with a message saying where to add it', () => {
    const schema = z.strictObject({ either: z.union([z.string(), z.number()]) });
    expect(() => objectFields(schema, 'notices', NONE)).toThrowErrorMatchingInlineSnapshot(
      `[Error: src/lib/cms-fields.ts has no editor field for notices.either (zod type union): add a case to toField]`,
    );
  });

  test('a schema that is not an object is refused', () => {
    expect(() => objectFields(z.string(), 'notices', NONE)).toThrowErrorMatchingInlineSnapshot(
      `[Error: notices is not an object schema]`,
    );
  });
});
