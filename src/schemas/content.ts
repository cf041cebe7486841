/**
 * Frontmatter and data-file schemas for what 宣传员 and admins edit in `content/` (PRODUCT.md §5).
 * Each message says what is wrong and shows a right value, because the person reading it edits
 * Markdown, not code.
 */
import { z } from 'zod';
import { isRealDate } from '../lib/dates';
import { SITE_URL_PATTERN } from '../lib/site-address';

/** A calendar date written `YYYY-MM-DD`; YAML may hand it over as a Date, which we turn back. */
export function dateField(field: string, example = '2026-11-20') {
  return z.preprocess(
    (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
    z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? `请填写${field}，例如 ${example}`
            : `${field} 要写成“年-月-日”，例如 ${example}`,
      })
      .refine(isRealDate, { error: `${field} 要写成“年-月-日”的真实日期，例如 ${example}` }),
  );
}

function text(field: string, example: string, max: number) {
  return z
    .string({ error: `请填写${field}，例如：${example}` })
    .trim()
    .min(1, { error: `请填写${field}，例如：${example}` })
    .max(max, { error: `${field} 不能超过${max}个字，请删减，例如：${example}` });
}

function choice<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  const allowed = `只能是 ${values.join('、')} 之一，例如：${values[0]}`;
  return z.enum(values, {
    error: (issue) =>
      issue.input === undefined
        ? `请填写${field}，${allowed}`
        : `${field} 写的是“${String(issue.input)}”，${allowed}`,
  });
}

function unknownField(issue: { code?: string; keys?: unknown }) {
  const keys = Array.isArray(issue.keys) ? issue.keys.join('、') : '';
  return `不认识的字段 ${keys}，请检查拼写或删掉它`;
}

function flag(field: string) {
  return z.boolean({ error: `${field} 只能写 true（是）或 false（否）` }).default(false);
}

function order(field: string) {
  return z
    .number({ error: `${field} 要写一个数字，数字小的排在前面，例如：1` })
    .int({ error: `${field} 要写整数，例如：1` });
}

export const NOTICE_CATEGORIES = ['通知', '通告', '倡议', '辟谣'] as const;
export const NOTICE_LEVELS = ['紧急', '重要', '一般'] as const;

export const NoticeSchema = z
  .strictObject(
    {
      title: text('标题 title', '关于做好返乡人员报备工作的通知', 60),
      date: dateField('发布日期 date'),
      updated: dateField('更新日期 updated').optional(),
      category: choice('类别 category', NOTICE_CATEGORIES),
      level: choice('紧急程度 level', NOTICE_LEVELS).default('一般'),
      pinned: flag('置顶 pinned'),
      registration: flag('报备通知 registration'),
      expires: dateField('过期日期 expires', '2026-12-31').optional(),
      department: text('发布单位 department', '青禾街道社区卫生服务中心', 40),
      summary: text('摘要 summary', '请近期返乡的朋友提前一天在网上报备。', 120),
      broadcast: text('广播稿 broadcast', '各位村民请注意……', 400).optional(),
      draft: flag('草稿 draft'),
      claim: text('谣言内容 claim', '网传某村已封村', 200).optional(),
      verdict: text('核实结论 verdict', '经核实，此消息不实。', 200).optional(),
      verifiedBy: text('核实单位 verifiedBy', '青禾街道办事处', 40).optional(),
      reportChannel: text('举报渠道 reportChannel', '举报电话 0571-0000000', 80).optional(),
    },
    { error: unknownField },
  )
  .superRefine((notice, ctx) => {
    for (const key of ['claim', 'verdict', 'verifiedBy', 'reportChannel'] as const) {
      if (notice.category === '辟谣' && !notice[key]) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `辟谣类通知必须填写 ${key}（${RUMOUR_FIELDS[key]}）`,
        });
      }
      if (notice.category !== '辟谣' && notice[key]) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key}（${RUMOUR_FIELDS[key]}）只用于辟谣类通知；请删掉它，或把 category 改成 辟谣`,
        });
      }
    }
    if (notice.level === '紧急' && !notice.expires && !notice.draft) {
      ctx.addIssue({
        code: 'custom',
        path: ['expires'],
        message: '紧急通知会一直显示在首页横幅上，请填写过期日期 expires，例如：2026-12-31',
      });
    }
    if (notice.updated && notice.updated < notice.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['updated'],
        message: `更新日期 updated 不能早于发布日期 ${notice.date}`,
      });
    }
    if (notice.expires && notice.expires < notice.date) {
      ctx.addIssue({
        code: 'custom',
        path: ['expires'],
        message: `过期日期 expires 不能早于发布日期 ${notice.date}`,
      });
    }
  });

const RUMOUR_FIELDS = {
  claim: '网传的谣言内容',
  verdict: '核实结论',
  verifiedBy: '核实单位',
  reportChannel: '举报谣言的渠道，例如举报电话',
} as const;

export const GuideSchema = z.strictObject(
  {
    title: text('标题 title', '居家健康监测怎么做', 60),
    summary: text('摘要 summary', '每天早晚各测一次体温，并如实记录。', 120),
    audience: z
      .array(text('适用人群 audience', '居民', 10), {
        error: '适用人群 audience 要写成列表，例如：[居民, 老年人]',
      })
      .min(1, { error: '适用人群 audience 至少写一个，例如：[居民]' }),
    order: order('排序 order'),
    updated: dateField('更新日期 updated'),
    reviewBy: dateField('下次复核日期 reviewBy', '2027-03-01').optional(),
    draft: flag('草稿 draft'),
  },
  { error: unknownField },
);

export const FaqSchema = z.strictObject(
  {
    title: text('问题 title', '返乡前一定要报备吗？', 60),
    category: text('分类 category', '返乡报备', 12),
    order: order('排序 order'),
    updated: dateField('更新日期 updated'),
    draft: flag('草稿 draft'),
  },
  { error: unknownField },
);

const id = (field: string, example: string) =>
  z.string({ error: `请填写${field}，例如：${example}` }).regex(/^[a-z0-9][a-z0-9-]{0,31}$/, {
    error: `${field} 只能用小写字母、数字和“-”，例如：${example}`,
  });

const phone = (field: string, example: string) =>
  z
    .string({ error: `请填写${field}，并用引号括起来，例如："${example}"` })
    .regex(/^[0-9][0-9-]{4,19}$/, { error: `${field} 只能包含数字和“-”，例如："${example}"` });

export const CommunitySchema = z
  .strictObject({
    name: text('社区名称 name', '青禾街道', 30),
    district: text('所在区县 district', '浙江省杭州市临安区', 40),
    siteUrl: z
      .string({ error: '网站地址 siteUrl 要写成网址，例如：https://fangyi.example.cn' })
      .trim()
      .regex(SITE_URL_PATTERN, {
        error:
          '网站地址 siteUrl 只写 https:// 和域名，不带路径和空格，例如：https://fangyi.example.cn',
      })
      .optional(),
    dutyPhone: phone('24小时值班电话 dutyPhone', '0571-63800000'),
    reportPhone: phone('举报电话 reportPhone', '0571-63800001'),
    feverClinic: z.strictObject({
      name: text('发热门诊名称 feverClinic.name', '临安区第一人民医院发热门诊', 40),
      address: text('发热门诊地址 feverClinic.address', '锦城街道衣锦街548号', 80),
      phone: phone('发热门诊电话 feverClinic.phone', '0571-63811120'),
      hours: text('发热门诊时间 feverClinic.hours', '24小时', 40),
    }),
    retentionDays: z
      .number({ error: '保留天数 retentionDays 要写一个整数（监测期结束后再保存几天），例如：30' })
      .int({ error: '保留天数 retentionDays 要写整数，例如：30' })
      .min(1, { error: '保留天数 retentionDays 至少为1天，例如：30' })
      .default(30),
    grids: z
      .array(
        z.strictObject({
          id: id('网格编号 id', 'grid-1'),
          name: text('网格名称 name', '第一网格', 20),
          leader: text('网格员姓名 leader', '王建华', 20),
          phone: phone('网格员电话 phone', '13800000000'),
          notify: text('通知群名称 notify', '第一网格工作群', 30).optional(),
        }),
      )
      .min(1, { error: '至少要有一个网格 grids' }),
    areas: z
      .array(
        z.strictObject({
          id: id('片区编号 id', 'dongshan'),
          name: text('片区名称 name', '东山村', 20),
          kind: choice('片区类型 kind', ['村民小组', '小区', '村'] as const),
          grid: id('所属网格 grid', 'grid-1'),
        }),
      )
      .min(1, { error: '至少要有一个片区 areas（小区或村民小组）' }),
  })
  .superRefine((community, ctx) => {
    const gridIds = new Set(community.grids.map((grid) => grid.id));
    community.areas.forEach((area, index) => {
      if (!gridIds.has(area.grid)) {
        ctx.addIssue({
          code: 'custom',
          path: ['areas', index, 'grid'],
          message: `片区“${area.name}”的网格 ${area.grid} 不在 grids 里，请改成 ${[...gridIds].join('、')} 之一`,
        });
      }
    });
    for (const [list, label] of [
      [community.grids, '网格'],
      [community.areas, '片区'],
    ] as const) {
      const seen = new Set<string>();
      list.forEach((item, index) => {
        if (seen.has(item.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [label === '网格' ? 'grids' : 'areas', index, 'id'],
            message: `${label}编号 ${item.id} 重复了，每个编号只能用一次`,
          });
        }
        seen.add(item.id);
      });
    }
  });

export type Notice = z.output<typeof NoticeSchema>;
export type Community = z.output<typeof CommunitySchema>;
export type Grid = Community['grids'][number];
export type Area = Community['areas'][number];
