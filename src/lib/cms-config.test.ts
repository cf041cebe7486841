import type { Collection, Field } from '@sveltia/cms';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { NOTICE_CATEGORIES, NOTICE_LEVELS } from '../schemas/content';
import type { EditorBackend } from './cms-backend';
import { cmsConfig, WORDING } from './cms-config';

const gitea: EditorBackend = {
  name: 'gitea',
  repo: 'qinghe/fangyi-site',
  baseUrl: 'https://git.qinghe.example.cn',
  branch: 'main',
};
const config = cmsConfig({
  backend: gitea,
  siteUrl: 'https://fangyi.example.cn/',
  title: '青禾街道',
});
const collections = (config.collections ?? []) as Collection[];

/** Each editor field as `path label widget…`, the way a reviewer reads a form. */
function describeFields(fields: readonly Field[], prefix = ''): string[] {
  return fields.flatMap((field) => {
    const f = field as Field & Record<string, unknown>;
    const path = `${prefix}${f.name}`;
    const options = Array.isArray(f['options'])
      ? ` [${(f['options'] as { value: unknown }[]).map((option) => String(option.value)).join('|')}]`
      : '';
    const limits = ['maxlength', 'min', 'max', 'default']
      .filter((key) => f[key] !== undefined)
      .map((key) => ` ${key}=${JSON.stringify(f[key])}`)
      .join('');
    const line = `${path} ${f.label} ${String(f['widget'])}${f['multiple'] ? '*' : ''}${f['required'] ? ' 必填' : ''}${options}${limits}${f['pattern'] ? ' pattern' : ''}`;
    const nested = (f['fields'] ?? (f['field'] ? [f['field']] : [])) as Field[];
    return [line, ...describeFields(nested, `${path}.`)];
  });
}

function collection(name: string) {
  const found = collections.find((entry) => entry.name === name);
  if (!found) throw new Error(`no collection ${name}`);
  return found as Collection & Record<string, unknown>;
}

function settingsFile(name: string): Field[] {
  const files = collection('settings')['files'] as { name: string; fields: Field[] }[];
  return files.find((file) => file.name === name)?.fields ?? [];
}

const folderFields = (name: string) => collection(name)['fields'] as Field[];
const allFields: [string, Field[]][] = [
  ['notices', folderFields('notices')],
  ['guides', folderFields('guides')],
  ['faqs', folderFields('faqs')],
  ['community', settingsFile('community')],
  ['policy', settingsFile('policy')],
];

describe('the editor configuration mirrors the content schemas', () => {
  test('a notice asks for every schema field with its Chinese label, the same enums and limits', () => {
    expect(describeFields(folderFields('notices'))).toMatchInlineSnapshot(`
      [
        "title 标题 string 必填 maxlength=60",
        "date 发布日期 datetime 必填",
        "updated 更新日期 datetime",
        "category 类别 select 必填 [通知|通告|倡议|辟谣]",
        "level 紧急程度 select 必填 [紧急|重要|一般] default="一般"",
        "pinned 置顶 boolean default=false",
        "registration 报备通知 boolean default=false",
        "expires 过期日期 datetime",
        "department 发布单位 string 必填 maxlength=40",
        "summary 摘要 text 必填 maxlength=120",
        "broadcast 广播稿 text maxlength=400",
        "draft 草稿 boolean default=false",
        "claim 谣言内容 text maxlength=200",
        "verdict 核实结论 text maxlength=200",
        "verifiedBy 核实单位 string maxlength=40",
        "reportChannel 举报渠道 string maxlength=80",
        "body 正文 markdown 必填",
      ]
    `);
  });

  test('guides and FAQs ask for their fields, with the body named 正文 or 回答', () => {
    expect([...describeFields(folderFields('guides')), ...describeFields(folderFields('faqs'))])
      .toMatchInlineSnapshot(`
      [
        "title 标题 string 必填 maxlength=60",
        "summary 摘要 text 必填 maxlength=120",
        "audience 适用人群 list 必填 min=1",
        "audience.item 适用人群 string 必填 maxlength=10",
        "order 排序 number 必填",
        "updated 更新日期 datetime 必填",
        "reviewBy 下次复核日期 datetime",
        "draft 草稿 boolean default=false",
        "body 正文 markdown 必填",
        "title 问题 string 必填 maxlength=60",
        "category 分类 string 必填 maxlength=12",
        "order 排序 number 必填",
        "updated 更新日期 datetime 必填",
        "draft 草稿 boolean default=false",
        "body 回答 markdown 必填",
      ]
    `);
  });

  test('community.yaml is edited field by field, with the phone and id patterns of the schema', () => {
    expect(describeFields(settingsFile('community'))).toMatchInlineSnapshot(`
      [
        "name 社区名称 string 必填 maxlength=30",
        "district 所在区县 string 必填 maxlength=40",
        "siteUrl 网站地址 string pattern",
        "dutyPhone 24小时值班电话 string 必填 pattern",
        "reportPhone 举报电话 string 必填 pattern",
        "feverClinic 发热门诊 object 必填",
        "feverClinic.name 发热门诊名称 string 必填 maxlength=40",
        "feverClinic.address 发热门诊地址 string 必填 maxlength=80",
        "feverClinic.phone 发热门诊电话 string 必填 pattern",
        "feverClinic.hours 发热门诊时间 string 必填 maxlength=40",
        "retentionDays 保留天数 number 必填 min=1 default=30",
        "grids 网格 list 必填 min=1",
        "grids.id 网格编号 string 必填 pattern",
        "grids.name 网格名称 string 必填 maxlength=20",
        "grids.leader 网格员姓名 string 必填 maxlength=20",
        "grids.phone 网格员电话 string 必填 pattern",
        "grids.notify 通知群名称 string maxlength=30",
        "areas 片区（小区、村民小组或整村） list 必填 min=1",
        "areas.id 片区编号 string 必填 pattern",
        "areas.name 片区名称 string 必填 maxlength=20",
        "areas.kind 片区类型 select 必填 [村民小组|小区|村]",
        "areas.grid 所属网格 string 必填 pattern",
      ]
    `);
  });

  test('policy.yaml is edited with the risk levels, health codes, symptoms and test results named', () => {
    expect(describeFields(settingsFile('policy'))).toMatchInlineSnapshot(`
      [
        "riskAreas 风险地区 list default=[]",
        "riskAreas.code 风险地区代码 string 必填 pattern",
        "riskAreas.name 风险地区名称 string 必填",
        "riskAreas.level 风险等级 select 必填 [高|中|high|medium]",
        "riskAreas.since 列为风险地区的日期 datetime 必填",
        "riskAreasUpdated 风险地区名单更新日期 datetime",
        "rules 判定规则 object 必填",
        "rules.high 高风险：符合任意一条就是高风险 object 必填",
        "rules.high.closeContact 密切接触者 boolean",
        "rules.high.viaRiskArea 途经风险地区 boolean",
        "rules.high.originInRiskArea 来自风险地区 select* [高|中|high|medium]",
        "rules.high.healthCodes 健康码 select* [green|yellow|red|none]",
        "rules.high.symptoms 症状 select* [fever|cough|fatigue|sore_throat|smell_taste_loss|diarrhea]",
        "rules.high.temperatureAtLeast 体温界限 number min=35 max=42",
        "rules.high.nucleicTests 核酸结果 select* [negative|positive|pending|none]",
        "rules.medium 中风险：不是高风险时，符合任意一条就是中风险 object 必填",
        "rules.medium.closeContact 密切接触者 boolean",
        "rules.medium.viaRiskArea 途经风险地区 boolean",
        "rules.medium.originInRiskArea 来自风险地区 select* [高|中|high|medium]",
        "rules.medium.healthCodes 健康码 select* [green|yellow|red|none]",
        "rules.medium.symptoms 症状 select* [fever|cough|fatigue|sore_throat|smell_taste_loss|diarrhea]",
        "rules.medium.temperatureAtLeast 体温界限 number min=35 max=42",
        "rules.medium.nucleicTests 核酸结果 select* [negative|positive|pending|none]",
        "outcomes 每种结果要做的事 object 必填",
        "outcomes.high 高风险 object 必填",
        "outcomes.high.measures 措施 list 必填 min=1",
        "outcomes.high.measures.item 措施 text 必填 maxlength=200",
        "outcomes.high.monitoringDays 监测天数 number 必填 min=0 max=60",
        "outcomes.high.testDays 检测日 list default=[]",
        "outcomes.high.testDays.item 检测日 number 必填 min=1",
        "outcomes.medium 中风险 object 必填",
        "outcomes.medium.measures 措施 list 必填 min=1",
        "outcomes.medium.measures.item 措施 text 必填 maxlength=200",
        "outcomes.medium.monitoringDays 监测天数 number 必填 min=0 max=60",
        "outcomes.medium.testDays 检测日 list default=[]",
        "outcomes.medium.testDays.item 检测日 number 必填 min=1",
        "outcomes.low 低风险 object 必填",
        "outcomes.low.measures 措施 list 必填 min=1",
        "outcomes.low.measures.item 措施 text 必填 maxlength=200",
        "outcomes.low.monitoringDays 监测天数 number 必填 min=0 max=60",
        "outcomes.low.testDays 检测日 list default=[]",
        "outcomes.low.testDays.item 检测日 number 必填 min=1",
      ]
    `);
  });

  test('the notice choices are exactly the schema enums', () => {
    const values = (name: string) =>
      (
        folderFields('notices').find((field) => field.name === name) as {
          options: { value: string }[];
        }
      ).options.map((option) => option.value);
    expect(values('category')).toEqual([...NOTICE_CATEGORIES]);
    expect(values('level')).toEqual([...NOTICE_LEVELS]);
  });

  test('every field in the editor has a Chinese label', () => {
    const unlabelled = allFields.flatMap(([name, fields]) =>
      describeFields(fields, `${name}.`).filter((line) => !/^\S+ \S*[\u4e00-\u9fff]/.test(line)),
    );
    expect(unlabelled).toEqual([]);
  });

  test('every switch of a notice, guide or question says what turning it on does', () => {
    const silent = ['notices', 'guides', 'faqs'].flatMap((name) =>
      folderFields(name)
        .filter((field) => field.widget === 'boolean' && !('hint' in field && field.hint))
        .map((field) => `${name}.${field.name}`),
    );
    expect(silent).toEqual([]);
  });

  test('every hint and label written for the editor belongs to a field that exists', () => {
    const paths = new Set(
      allFields.flatMap(([name, fields]) =>
        describeFields(fields, `${name}.`).map((line) => line.split(' ')[0] ?? ''),
      ),
    );
    const written = [...Object.keys(WORDING.hints), ...Object.keys(WORDING.labels)];
    expect(written.filter((path) => !paths.has(path))).toEqual([]);
  });

  test('the editor knows every field the sample content uses, so saving keeps them all', () => {
    const known = (fields: Field[]) => new Set(fields.map((field) => field.name));
    for (const name of ['notices', 'guides', 'faqs']) {
      const names = known(folderFields(name));
      for (const file of readdirSync(`content/${name}`)) {
        const front = readFileSync(`content/${name}/${file}`, 'utf8').split(/^---$/m)[1] ?? '';
        const unknown = Object.keys(parse(front) as object).filter((key) => !names.has(key));
        expect(unknown, `content/${name}/${file}`).toEqual([]);
      }
    }
    for (const name of ['community', 'policy']) {
      const data = parse(readFileSync(`content/${name}.yaml`, 'utf8')) as object;
      expect(Object.keys(data).filter((key) => !known(settingsFile(name)).has(key))).toEqual([]);
    }
  });
});

describe('where the editor saves', () => {
  test('on Gitea the draft switch is the review step, on GitHub and GitLab the editorial workflow', () => {
    expect(config.publish_mode).toBeUndefined();
    for (const name of ['github', 'gitlab'] as const) {
      const other = cmsConfig({ backend: { ...gitea, name }, siteUrl: '/', title: '青禾街道' });
      expect(other.publish_mode).toBe('editorial_workflow');
    }
  });
});
