/** The configuration of the web editor at /admin/ (Sveltia CMS), built from the content schemas (issue 13). */
import type { CmsConfig, Collection, CollectionSlugOptions, Field } from '@sveltia/cms';
import { FILE_SCHEMAS, FOLDER_SCHEMAS } from '../schemas/content-files';
import { HEALTH_CODE_LABELS, NUCLEIC_TEST_LABELS, SYMPTOM_LABELS } from '../schemas/declaration';
import type { EditorBackend } from './cms-backend';
import { objectFields, type FieldWording } from './cms-fields';

/** Hints every Markdown collection shares, by field name. */
const SHARED_HINTS = {
  title: '不超过 60 个字，一看就知道是什么事。',
  summary: '一两句完整的话，说清“谁、要做什么”。列表、微信群转发和大喇叭（没写广播稿时）都用它。',
  draft: '打开表示草稿：保存后网站上看不到。要发布时关掉它再保存。',
  order: '整数，数字小的排在前面。',
};
const MEASURES_HINT =
  '报备回执上“接下来要做的事”，每条一句，话要具体、客气。可以写 {monitoringDays}、{testDays}、{monitoringEnds}，回执上会换成实际的数字和日期。';

function shared(collection: string, names: readonly (keyof typeof SHARED_HINTS)[]) {
  return Object.fromEntries(names.map((name) => [`${collection}.${name}`, SHARED_HINTS[name]]));
}

/** Chinese wording the schemas' messages do not carry, by `collection.field` path. */
export const WORDING = {
  labels: {
    'community.feverClinic': '发热门诊',
    'community.grids': '网格',
    'community.areas': '片区（小区、村民小组或整村）',
    'policy.rules': '判定规则',
    'policy.rules.high': '高风险：符合任意一条就是高风险',
    'policy.rules.medium': '中风险：不是高风险时，符合任意一条就是中风险',
    'policy.outcomes': '每种结果要做的事',
    'policy.outcomes.high': '高风险',
    'policy.outcomes.medium': '中风险',
    'policy.outcomes.low': '低风险',
  },
  hints: {
    ...shared('notices', ['title', 'summary', 'draft']),
    'notices.level':
      '“紧急”只给需要大家马上行动的事，会显示在首页最上方的横幅里。**紧急通知必须填写过期日期**。',
    'notices.pinned': '置顶的通知排在首页通知列表最前面。',
    'notices.registration':
      '打开表示这是请大家报备的通知（如返乡报备）：打印成海报时，二维码直接打开报备页面；不打开，二维码打开通知原文。',
    'notices.expires':
      '写的那一天是最后一天显示，第二天起离开首页和紧急横幅，标注“已过期”。**紧急通知必须填写**；长期有效的不填。',
    'notices.updated': '内容改过时填写，不能早于发布日期。',
    'notices.broadcast':
      '大喇叭念的稿子：开头先喊“各位村民、各位居民请注意”，口语、短句，电话号码写全；不写就用摘要。',
    'notices.claim': '只有“辟谣”类通知填写，而且辟谣通知必须填写：网上传的原话，照实概括。',
    'notices.verdict': '只有“辟谣”类通知填写：先说“不实”，再用一句话讲清真实情况。',
    'notices.verifiedBy': '只有“辟谣”类通知填写：核实单位的名称，例如“禾丰县疾病预防控制中心”。',
    'notices.reportChannel':
      '只有“辟谣”类通知填写：再看到类似消息找谁，例如“举报电话 0571-63801001”。',
    ...shared('guides', ['title', 'summary', 'draft', 'order']),
    'guides.audience':
      '每项不超过 10 个字，同一个人群始终用同一个写法，例如：居民、老年人、返乡人员。',
    'guides.reviewBy': '一般 3 到 6 个月后。过了这一天，页面会提醒内容需要复核。',
    ...shared('faqs', ['draft', 'order']),
    'faqs.title': '用居民自己的话问，不超过 60 个字，例如“发烧了应该去哪里看病？”',
    'faqs.category':
      '请用已有的分类，字要一模一样：返乡报备、健康监测、就医与检测、个人信息、生活服务。',
    'community.siteUrl':
      '网站的正式网址，只写 https:// 和域名，例如 https://fangyi.example.cn。海报二维码、转发文字里的链接、RSS 订阅和网格群提醒都指向它。还没有域名时先不写。',
    'community.dutyPhone': '每个页面都会显示。电话只写数字和“-”。',
    'community.retentionDays': '报备信息在健康监测期结束后再保留多少天，到期自动删除。',
    'community.grids.id': '台账按编号记录，定下来以后不要再改；新网格起一个新编号。',
    'community.grids.notify': '新报备提醒发到哪个工作群，只写群名称。',
    'community.areas.id': '报备和台账用它，定下来以后不要再改；新片区起一个新编号。',
    'community.areas.grid': '填上面某个网格的编号，例如 grid-1。',
    'policy.riskAreas': '写到省或市，就包括它下面所有地方。没有风险地区时全部删掉即可。',
    'policy.riskAreas.code': '全国统一的 6 位行政区划代码（GB/T 2260），名称要和代码对得上。',
    'policy.riskAreas.since': '在这天之前就已离开的人不算。',
    'policy.riskAreasUpdated':
      '风险地区名单最近一次调整的日期，政策页显示为“名单更新于……”。每次增删风险地区都改成当天的日期。',
    'policy.outcomes.high.measures': MEASURES_HINT,
    'policy.outcomes.medium.measures': MEASURES_HINT,
    'policy.outcomes.low.measures': MEASURES_HINT,
    'policy.outcomes.high.testDays': '到达当天算第 1 天，例如 1、7、14；不用检测就不填。',
    'policy.outcomes.medium.testDays': '到达当天算第 1 天，例如 1、7、14；不用检测就不填。',
    'policy.outcomes.low.testDays': '到达当天算第 1 天，例如 1、7、14；不用检测就不填。',
  },
  // policy.yaml accepts the English level words too (src/schemas/policy.ts).
  options: {
    ...HEALTH_CODE_LABELS,
    ...SYMPTOM_LABELS,
    ...NUCLEIC_TEST_LABELS,
    high: 'high（同“高”）',
    medium: 'medium（同“中”）',
  },
} satisfies FieldWording;

/** The Markdown body under the frontmatter, which no schema describes. */
function bodyField(label: string, hint: string): Field {
  return { name: 'body', label, widget: 'markdown', hint, required: true };
}

// The slug panel shows its hint as plain text (no Markdown).
const PINYIN_HINT =
  '文件名就是网址：只用小写英文字母、数字和“-”，用拼音说明内容。发布以后不要再改，不然转发出去的链接会打不开。';

/**
 * A file name typed in pinyin when the entry is created, then fixed: it is the page's address.
 * A dated one (notices, content/README.md §二) starts from today's date, to which the pinyin is added.
 */
function pinyinSlug(example: string, { dated = false } = {}): CollectionSlugOptions {
  if (dated) {
    return {
      template: '{{year}}-{{month}}-{{day}}',
      editable: ['create'],
      hint: `${PINYIN_HINT}以发布日期开头，后面接几个拼音词，例如 ${example}。`,
      pattern: ['^\\d{4}-\\d{2}-\\d{2}(-[a-z0-9]+)+$', `请以日期开头，后面接拼音，例如 ${example}`],
    };
  }
  return {
    editable: ['create'],
    hint: `${PINYIN_HINT}例如 ${example}。`,
    pattern: ['^[a-z0-9]+(-[a-z0-9]+)*$', `只用小写英文字母、数字和“-”，例如 ${example}`],
  };
}

/** The list line of an entry: its title, marked when it is a draft. */
const DRAFT_MARKED = "{{title}}{{draft | ternary('（草稿）', '')}}";

/** One folder of Markdown files, with the fields of the schema the build checks them by. */
function folder(
  name: keyof typeof FOLDER_SCHEMAS,
  label: string,
  singular: string,
  extra: Partial<Collection> & { body: Field },
): Collection {
  const { body, ...rest } = extra;
  return {
    name,
    label,
    label_singular: singular,
    folder: `content/${name}`,
    extension: 'md',
    format: 'frontmatter',
    fields: [...objectFields(FOLDER_SCHEMAS[name], name, WORDING), body],
    ...rest,
  } as Collection;
}

/** The whole editor configuration; `siteUrl` is the public address for preview links. */
export function cmsConfig({
  backend,
  siteUrl,
  title,
}: {
  backend: EditorBackend;
  siteUrl: string;
  /** The community's name, shown at the top of the editor. */
  title: string;
}): CmsConfig {
  // Sveltia's review step (editorial workflow) exists for GitHub and GitLab only; on Gitea the
  // `draft` switch is the review step (https://sveltiacms.app/en/docs/workflows/editorial).
  const review = backend.name === 'gitea' ? {} : { publish_mode: 'editorial_workflow' as const };
  return {
    load_config_file: false,
    app_title: `${title} · 内容编辑`,
    site_url: siteUrl,
    logo_url: '/favicon.svg',
    backend: {
      name: backend.name,
      repo: backend.repo,
      branch: backend.branch,
      ...(backend.name === 'github'
        ? {}
        : {
            api_root: `${backend.baseUrl}/api/${backend.name === 'gitea' ? 'v1' : 'v4'}`,
            base_url: backend.baseUrl,
          }),
      ...(backend.appId && { app_id: backend.appId }),
      commit_messages: {
        create: '新建 {{collection}}：{{slug}}（{{author-name}}）',
        update: '修改 {{collection}}：{{slug}}（{{author-name}}）',
        delete: '删除 {{collection}}：{{slug}}（{{author-name}}）',
        uploadMedia: '上传图片 {{path}}',
        deleteMedia: '删除图片 {{path}}',
      },
    },
    ...review,
    media_folder: 'public/uploads',
    public_folder: '/uploads',
    // Chinese titles make no file name; the slug is typed in pinyin (content/README.md §二).
    slug: { encoding: 'ascii', clean_accents: true, timezone: 'local' },
    // An empty optional date or text written as '' would fail the schema; leave it out instead.
    output: { omit_empty_optional_fields: true },
    collections: [
      folder('notices', '通知公告', '通知', {
        slug: pinyinSlug('2026-11-25-weisheng-zhengzhi', { dated: true }),
        icon: 'campaign',
        summary: `{{date}} ${DRAFT_MARKED}`,
        sortable_fields: {
          fields: ['date', 'title'],
          default: { field: 'date', direction: 'descending' },
        },
        view_filters: {
          filters: [
            { name: 'draft', label: '草稿', field: 'draft', pattern: true },
            { name: 'urgent', label: '紧急', field: 'level', pattern: '紧急' },
            { name: 'rumour', label: '辟谣', field: 'category', pattern: '辟谣' },
          ],
        },
        preview_path: 'notices/{{slug}}/',
        body: bodyField('正文', '用标题、列表、加粗写清时间、地点和要做的事；电话写全。'),
      }),
      folder('guides', '防护指南', '指南', {
        icon: 'health_and_safety',
        summary: DRAFT_MARKED,
        slug: pinyinSlug('dongji-quannuan-fanghu'),
        sortable_fields: { fields: ['order', 'title', 'updated'], default: { field: 'order' } },
        preview_path: 'guides/{{slug}}/',
        body: bodyField('正文', '医学内容请医生把关，以县疾控、卫健部门的最新要求为准。'),
      }),
      folder('faqs', '常见问题', '问题', {
        icon: 'help',
        summary: DRAFT_MARKED,
        slug: pinyinSlug('jiance-keyi-shangban'),
        sortable_fields: { fields: ['order', 'title'], default: { field: 'order' } },
        view_groups: { groups: [{ name: 'category', label: '分类', field: 'category' }] },
        body: bodyField('回答', '先直接回答“能”“不能”“去哪里”，再补充细节，50 到 300 字。'),
      }),
      {
        name: 'settings',
        label: '社区与政策',
        icon: 'settings',
        description:
          '由管理员和防控办工作人员维护。保存后文件开头的注释说明会被去掉，字段说明在每一项下面。',
        files: [
          {
            name: 'community',
            label: '社区基础信息',
            file: 'content/community.yaml',
            fields: objectFields(FILE_SCHEMAS.community, 'community', WORDING),
          },
          {
            name: 'policy',
            label: '返乡政策',
            file: 'content/policy.yaml',
            fields: objectFields(FILE_SCHEMAS.policy, 'policy', WORDING),
          },
        ],
      },
    ],
  } as CmsConfig;
}
