// The build's check as the web editor runs it before saving: what it refuses, in which words.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { FILE_SCHEMAS, FOLDER_SCHEMAS } from '../schemas/content-files';
import { contentProblem, schemaForPath } from './content-check';

/** A notice as the editor hands it over: every field, empty ones as '', and the body. */
const notice = {
  title: '关于冬季取暖安全的通知',
  date: '2026-12-01',
  updated: '',
  category: '通知',
  level: '重要',
  pinned: false,
  registration: false,
  expires: '',
  department: '青禾街道办事处',
  summary: '烧炭取暖要留窗缝，睡觉前把火盆搬出卧室。',
  broadcast: '',
  draft: false,
  claim: '',
  verdict: '',
  verifiedBy: '',
  reportChannel: '',
  body: '头晕恶心时马上开窗，联系网格员。',
};
const PATH = 'content/notices/2026-12-01-dongji-qunuan-anquan.md';

describe('schemaForPath', () => {
  test('finds the schema the build checks each content file with', () => {
    expect(schemaForPath(PATH)).toBe(FOLDER_SCHEMAS.notices);
    expect(schemaForPath('content/guides/ertong-fanghu.md')).toBe(FOLDER_SCHEMAS.guides);
    expect(schemaForPath('content/faqs/baobei-yijia-ren.md')).toBe(FOLDER_SCHEMAS.faqs);
    expect(schemaForPath('content/community.yaml')).toBe(FILE_SCHEMAS.community);
    expect(schemaForPath('content/policy.yaml')).toBe(FILE_SCHEMAS.policy);
  });

  test('finds none for files the build does not read as content', () => {
    expect(schemaForPath('content/README.md')).toBeUndefined();
    expect(schemaForPath('public/uploads/a.md')).toBeUndefined();
  });
});

describe('contentProblem', () => {
  test('lets a notice the build accepts be saved, body and empty fields as the editor has them', () => {
    expect(contentProblem(PATH, notice)).toBeUndefined();
  });

  test('refuses an urgent notice without an expiry date, in the build’s words', () => {
    expect(contentProblem(PATH, { ...notice, level: '紧急' })).toMatchInlineSnapshot(`
      "还不能保存，网站会因为下面的问题停止更新：
        · 字段 expires：紧急通知会一直显示在首页横幅上，请填写过期日期 expires，例如：2026-12-31
      请改好后再保存。"
    `);
    expect(
      contentProblem(PATH, { ...notice, level: '紧急', expires: '2026-12-31' }),
    ).toBeUndefined();
  });

  test('refuses a 辟谣 notice without each of its four fields, naming them all', () => {
    const problem = contentProblem(PATH, { ...notice, category: '辟谣', claim: '网传某村封村' });
    expect(problem?.split('\n').filter((line) => line.includes('辟谣类通知必须填写'))).toEqual([
      '  · 字段 verdict：辟谣类通知必须填写 verdict（核实结论）',
      '  · 字段 verifiedBy：辟谣类通知必须填写 verifiedBy（核实单位）',
      '  · 字段 reportChannel：辟谣类通知必须填写 reportChannel（举报谣言的渠道，例如举报电话）',
    ]);
  });

  test('refuses rumour fields on a notice that is not 辟谣', () => {
    expect(contentProblem(PATH, { ...notice, claim: '网传某村封村' })).toContain(
      '字段 claim：claim（网传的谣言内容）只用于辟谣类通知',
    );
  });

  test('checks community.yaml across fields too: an area in a grid that does not exist', () => {
    const community = parse(readFileSync('content/community.yaml', 'utf8')) as {
      areas: { grid: string }[];
    };
    expect(contentProblem('content/community.yaml', community)).toBeUndefined();
    const [first, ...rest] = community.areas;
    const wrong = { ...community, areas: [{ ...first, grid: 'grid-99' }, ...rest] };
    expect(contentProblem('content/community.yaml', wrong)).toContain('grid-99');
  });

  test('leaves files the build does not check alone', () => {
    expect(contentProblem('content/README.md', { anything: 1 })).toBeUndefined();
  });
});
