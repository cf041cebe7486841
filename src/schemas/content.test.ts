/** Messages 宣传员 see when a content field is wrong: specific, Chinese, with a right example. */
import { describe, expect, test } from 'vitest';
import { contentErrorMessage } from '../lib/content-errors';
import { CommunitySchema, FaqSchema, GuideSchema, NoticeSchema } from './content';

const notice = {
  title: '关于做好返乡人员报备工作的通知',
  date: '2026-11-20',
  category: '通知',
  level: '重要',
  department: '青禾街道办事处',
  summary: '请近期返乡的朋友提前一天报备。',
};

function messages(
  schema: {
    safeParse: (data: unknown) => {
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  data: unknown,
) {
  return (schema.safeParse(data).error?.issues ?? []).map(
    (issue) => `${issue.path.join('.')}: ${issue.message}`,
  );
}

describe('notices', () => {
  test('accepts a complete notice and fills the defaults', () => {
    expect(NoticeSchema.parse(notice)).toMatchObject({
      pinned: false,
      draft: false,
      level: '重要',
    });
  });

  test('accepts a date that YAML turned into a Date', () => {
    expect(NoticeSchema.parse({ ...notice, date: new Date('2026-11-20') }).date).toBe('2026-11-20');
  });

  test('asks for a missing title with an example', () => {
    const { title: _omitted, ...rest } = notice;
    expect(messages(NoticeSchema, rest)).toMatchInlineSnapshot(`
      [
        "title: 请填写标题 title，例如：关于做好返乡人员报备工作的通知",
      ]
    `);
  });

  test('explains a date that is not a real day', () => {
    expect(messages(NoticeSchema, { ...notice, date: '2026-02-30' })).toMatchInlineSnapshot(`
      [
        "date: 发布日期 date 要写成“年-月-日”的真实日期，例如 2026-11-20",
      ]
    `);
    expect(messages(NoticeSchema, { ...notice, date: '2026/11/20' })).toMatchInlineSnapshot(`
      [
        "date: 发布日期 date 要写成“年-月-日”的真实日期，例如 2026-11-20",
      ]
    `);
  });

  test('names the allowed categories and what was written', () => {
    expect(messages(NoticeSchema, { ...notice, category: '公告' })).toMatchInlineSnapshot(`
      [
        "category: 类别 category 写的是“公告”，只能是 通知、通告、倡议、辟谣 之一，例如：通知",
      ]
    `);
  });

  test('limits the summary to 120 characters', () => {
    expect(messages(NoticeSchema, { ...notice, summary: '字'.repeat(121) })).toMatchInlineSnapshot(`
      [
        "summary: 摘要 summary 不能超过120个字，请删减，例如：请近期返乡的朋友提前一天在网上报备。",
      ]
    `);
  });

  test('requires the four rumour fields on a 辟谣 notice', () => {
    expect(messages(NoticeSchema, { ...notice, category: '辟谣' })).toMatchInlineSnapshot(`
      [
        "claim: 辟谣类通知必须填写 claim（网传的谣言内容）",
        "verdict: 辟谣类通知必须填写 verdict（核实结论）",
        "verifiedBy: 辟谣类通知必须填写 verifiedBy（核实单位）",
        "reportChannel: 辟谣类通知必须填写 reportChannel（举报谣言的渠道，例如举报电话）",
      ]
    `);
  });

  test('rejects rumour fields on a notice that is not 辟谣', () => {
    expect(messages(NoticeSchema, { ...notice, claim: '网传某村封村' })).toMatchInlineSnapshot(`
      [
        "claim: claim（网传的谣言内容）只用于辟谣类通知；请删掉它，或把 category 改成 辟谣",
      ]
    `);
  });

  test('requires an expiry date on an urgent notice so the banner comes down', () => {
    expect(messages(NoticeSchema, { ...notice, level: '紧急' })).toMatchInlineSnapshot(`
      [
        "expires: 紧急通知会一直显示在首页横幅上，请填写过期日期 expires，例如：2026-12-31",
      ]
    `);
  });

  test('rejects an unknown field such as a misspelt one', () => {
    expect(messages(NoticeSchema, { ...notice, summery: '拼错了' })).toMatchInlineSnapshot(`
      [
        ": 不认识的字段 summery，请检查拼写或删掉它",
      ]
    `);
  });

  test('rejects an expiry date before the publishing date', () => {
    expect(messages(NoticeSchema, { ...notice, expires: '2026-11-01' })).toMatchInlineSnapshot(`
      [
        "expires: 过期日期 expires 不能早于发布日期 2026-11-20",
      ]
    `);
  });

  test('rejects pinned written as 是 instead of true', () => {
    expect(messages(NoticeSchema, { ...notice, pinned: '是' })).toMatchInlineSnapshot(`
      [
        "pinned: 置顶 pinned 只能写 true（是）或 false（否）",
      ]
    `);
  });
});

describe('guides and FAQs', () => {
  test('requires the audience as a list', () => {
    expect(
      messages(GuideSchema, {
        title: '居家健康监测怎么做',
        summary: '早晚测体温。',
        audience: '居民',
        order: 1,
        updated: '2026-11-01',
      }),
    ).toMatchInlineSnapshot(`
      [
        "audience: 适用人群 audience 要写成列表，例如：[居民, 老年人]",
      ]
    `);
  });

  test('requires the FAQ order to be a whole number', () => {
    expect(
      messages(FaqSchema, {
        title: '返乡前一定要报备吗？',
        category: '返乡报备',
        order: 1.5,
        updated: '2026-11-01',
      }),
    ).toMatchInlineSnapshot(`
      [
        "order: 排序 order 要写整数，例如：1",
      ]
    `);
  });
});

describe('community.yaml', () => {
  const community = {
    name: '青禾街道',
    district: '某省某市某区',
    dutyPhone: '0571-63800000',
    reportPhone: '0571-63800001',
    feverClinic: {
      name: '区人民医院发热门诊',
      address: '人民路1号',
      phone: '0571-63811120',
      hours: '24小时',
    },
    grids: [{ id: 'grid-1', name: '第一网格', leader: '王建华', phone: '13800001234' }],
    areas: [{ id: 'dongshan-1', name: '东山村第一村民小组', kind: '村民小组', grid: 'grid-1' }],
  };

  test('accepts a community and defaults the retention to 30 days', () => {
    expect(CommunitySchema.parse(community).retentionDays).toBe(30);
  });

  test('explains the retention days in its own words', () => {
    expect(messages(CommunitySchema, { ...community, retentionDays: '一个月' }))
      .toMatchInlineSnapshot(`
      [
        "retentionDays: 保留天数 retentionDays 要写一个整数（监测期结束后再保存几天），例如：30",
      ]
    `);
  });

  test('names an area whose grid does not exist', () => {
    expect(
      messages(CommunitySchema, {
        ...community,
        areas: [{ ...community.areas[0], grid: 'grid-9' }],
      }),
    ).toMatchInlineSnapshot(`
      [
        "areas.0.grid: 片区“东山村第一村民小组”的网格 grid-9 不在 grids 里，请改成 grid-1 之一",
      ]
    `);
  });

  test('asks for phone numbers in quotes when YAML read them as numbers', () => {
    expect(messages(CommunitySchema, { ...community, dutyPhone: 13800001234 }))
      .toMatchInlineSnapshot(`
      [
        "dutyPhone: 请填写24小时值班电话 dutyPhone，并用引号括起来，例如："0571-63800000"",
      ]
    `);
  });
});

test('the build message names the file and every field', () => {
  const error = NoticeSchema.safeParse({ ...notice, level: '特急', date: '2026-13-01' }).error;
  if (!error) throw new Error('expected an error');
  expect(contentErrorMessage('content/notices/a.md', error)).toMatchInlineSnapshot(`
    "内容文件 content/notices/a.md 有 2 处需要修改：
      · 字段 date：发布日期 date 要写成“年-月-日”的真实日期，例如 2026-11-20
      · 字段 level：紧急程度 level 写的是“特急”，只能是 紧急、重要、一般 之一，例如：紧急
    改好后保存，再重新构建。"
  `);
});
