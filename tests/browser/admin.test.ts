/**
 * The web editor at /admin/ (issue 13) in Chromium on a 1280 × 800 PC screen: Sveltia CMS in its
 * local-repository mode writes a notice typed in Chinese through IME composition, and a real
 * `astro build` of the folder it wrote shows the notice.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CHROMIUM_FLAGS } from '../../scripts/chromium.mjs';
import { baseURL } from './browser';

const run = promisify(execFile);
const SHOTS = 'test-results/admin';
/** A staff PC, where 宣传员 work (PRODUCT.md §2). */
const PC = {
  viewport: { width: 1280, height: 800 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  baseURL,
} as const;

let browser: Browser | undefined;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: inject('chromePath'),
    args: [...CHROMIUM_FLAGS],
    headless: true,
  });
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function newContext() {
  if (!browser) throw new Error('browser not started');
  return browser.newContext(PC);
}

/** Every file under `dir`, as paths relative to `root` with their text. */
async function filesUnder(root: string, dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path)] = await readFile(path, 'utf8');
  }
  return files;
}

/**
 * A PC page with the editor open on a working copy of the repository. The folder lives in the
 * browser's origin-private file system: the same File System Access API Sveltia uses on a real
 * folder, because a headless browser cannot answer the operating system's folder dialog. That
 * dialog (`showDirectoryPicker`) is the one thing replaced; Sveltia itself runs unchanged.
 */
async function openEditor(): Promise<{ page: Page; origins: Set<string>; problems: string[] }> {
  const context = await newContext();
  await context.addInitScript(() => {
    Object.assign(window, {
      showDirectoryPicker: async () =>
        (await navigator.storage.getDirectory()).getDirectoryHandle('repo', { create: true }),
    });
  });
  const page = await context.newPage();
  const origins = new Set<string>();
  const problems: string[] = [];
  page.on('request', (request) => origins.add(new URL(request.url()).origin));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto('/admin/');
  const repository = {
    ...(await filesUnder('.', 'content')),
    '.git/HEAD': 'ref: refs/heads/main\n',
  };
  await page.evaluate(async (files) => {
    const root = await (
      await navigator.storage.getDirectory()
    ).getDirectoryHandle('repo', {
      create: true,
    });
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1))
        dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (
        await dir.getFileHandle(parts.at(-1) ?? '', { create: true })
      ).createWritable();
      await writable.write(text);
      await writable.close();
    }
  }, repository);
  await page.getByRole('button', { name: '使用本地仓库' }).click();
  await page.getByRole('button', { name: '创建新条目' }).waitFor();
  return { page, origins, problems };
}

/** Chinese as typed: [the pinyin keys pressed, the characters chosen from the IME]. */
type Words = readonly [string, string][];

/** Types Chinese the way a pinyin IME does: the letters compose, then the characters commit. */
async function typeChinese(page: Page, field: Locator, words: Words) {
  const cdp = await page.context().newCDPSession(page);
  await field.click();
  for (const [pinyin, hanzi] of words) {
    for (let end = 1; end <= pinyin.length; end += 1) {
      const text = pinyin.slice(0, end);
      await cdp.send('Input.imeSetComposition', {
        text,
        selectionStart: text.length,
        selectionEnd: text.length,
      });
    }
    await cdp.send('Input.insertText', { text: hanzi });
  }
  await cdp.detach();
}

/**
 * The entry form's pane (名为“编辑…”): the preview pane beside it repeats every field as text and
 * renders all of them at once, so a field is looked for here only.
 */
function form(page: Page): Locator {
  return page.getByRole('group', { name: /^编辑/ });
}

/** Scrolls to a field of the entry form: long forms render lower fields only once near view. */
async function reveal(page: Page, name: string): Promise<Locator> {
  const section = form(page).locator(`section[data-key-path="${name}"]`);
  for (let turn = 0; turn < 20 && (await section.count()) === 0; turn += 1) {
    await page.mouse.move(300, 500);
    await page.mouse.wheel(0, 600);
  }
  await section.scrollIntoViewIfNeeded();
  return section;
}

/** A text field of the entry form, by its schema name and Chinese label. */
async function field(page: Page, name: string, label: string): Promise<Locator> {
  return (await reveal(page, name)).getByRole('textbox', { name: label, exact: true });
}

/** Opens the editor's slug panel and its text box. */
async function openSlug(page: Page) {
  await page.getByRole('radio', { name: 'Slug' }).click();
  await page.locator('#entry-sidebar-content').getByRole('button', { name: '编辑' }).click();
}

/** Sets the file name (slug) of a new entry in the editor's 别名 panel. */
async function setSlug(page: Page, slug: string) {
  await openSlug(page);
  await page.getByRole('textbox', { name: '别名' }).fill(slug);
  await page.getByRole('button', { name: '完成' }).click();
}

/** What a 宣传员 fills in for a new notice: Chinese as [pinyin typed, characters chosen]. */
interface NewNotice {
  title: Words;
  date: string;
  category: string;
  level?: string;
  department: Words;
  summary: Words;
  body: Words;
  draft?: boolean;
  slug: string;
}

/** Fills the editor's new-notice form the way a 宣传员 does, up to (not including) 保存. */
async function writeNotice(page: Page, notice: NewNotice) {
  await page.getByRole('button', { name: '创建新条目' }).click();
  await typeChinese(page, await field(page, 'title', '标题'), notice.title);
  await (await field(page, 'date', '发布日期')).fill(notice.date);
  await page.getByRole('radio', { name: notice.category, exact: true }).click();
  if (notice.level) await page.getByRole('radio', { name: notice.level, exact: true }).click();
  await typeChinese(page, await field(page, 'department', '发布单位'), notice.department);
  await typeChinese(page, await field(page, 'summary', '摘要'), notice.summary);
  if (notice.draft) {
    await (await reveal(page, 'draft')).getByRole('switch', { name: '草稿' }).click();
  }
  await typeChinese(page, await field(page, 'body', '正文'), notice.body);
  await setSlug(page, notice.slug);
}

/** Clicks 保存 and waits for the 错误 dialog the editor shows when it refuses to save. */
async function saveRefused(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: '错误' });
  await dialog.waitFor();
  return dialog;
}

/** The text of a file in the editor's working copy, or undefined when it was never written. */
async function savedFile(page: Page, path: string): Promise<string | undefined> {
  return page.evaluate(async (path) => {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
    const parts = path.split('/');
    try {
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
      return await (await (await dir.getFileHandle(parts.at(-1) ?? '')).getFile()).text();
    } catch {
      return undefined;
    }
  }, path);
}

/** Whether any of the offline worker's caches on this browser holds `path`. */
function isCached(page: Page, path: string): Promise<boolean> {
  return page.evaluate(async (path) => (await caches.match(path)) !== undefined, path);
}

/** Copies the editor's whole `content/` folder out of the browser into a fresh temporary repo. */
async function exportContent(page: Page): Promise<string> {
  const files = await page.evaluate(async () => {
    const out: Record<string, string> = {};
    async function walk(dir: FileSystemDirectoryHandle, prefix: string) {
      for await (const [name, handle] of dir.entries()) {
        if (handle instanceof FileSystemDirectoryHandle) await walk(handle, `${prefix}${name}/`);
        else if (handle instanceof FileSystemFileHandle)
          out[`${prefix}${name}`] = await (await handle.getFile()).text();
      }
    }
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
    await walk(await root.getDirectoryHandle('content'), 'content/');
    return out;
  });
  const repo = await mkdtemp(join(tmpdir(), 'firstline-admin-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  return repo;
}

/** Runs the real Astro build on `content/` of `repo` (the CI job runs the same build). */
function astroBuild(repo: string) {
  return run('npx', ['astro', 'build', '--outDir', join(repo, 'dist')], {
    env: {
      ...process.env,
      FIRSTLINE_CONTENT_DIR: join(repo, 'content'),
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
}

const SLUG = '2026-12-01-dongji-qunuan-anquan';

describe('publishing a notice from the web editor', () => {
  test('a notice typed through the IME is saved as Markdown and the rebuilt site shows it', async () => {
    const { page, origins, problems } = await openEditor();
    await page.screenshot({ path: join(SHOTS, '1-notices.png') });
    await writeNotice(page, {
      title: [
        ['guanyu', '关于'],
        ['dongji', '冬季'],
        ['qunuan', '取暖'],
        ['anquan', '安全'],
        ['detongzhi', '的通知'],
      ],
      date: '2026-12-01',
      category: '通知',
      level: '重要',
      department: [
        ['qinghejiedao', '青禾街道'],
        ['banshichu', '办事处'],
      ],
      summary: [
        ['shaotan', '烧炭'],
        ['quanuan', '取暖'],
        ['yaoliu', '要留'],
        ['chuangfeng', '窗缝，'],
        ['shuijiaoqian', '睡觉前'],
        ['bahuopen', '把火盆'],
        ['banchuwoshi', '搬出卧室。'],
      ],
      body: [
        ['touyun', '头晕'],
        ['exin', '恶心'],
        ['shi', '时'],
        ['makaichuang', '马上开窗，'],
        ['lianxiwanggeyuan', '联系网格员。'],
      ],
      slug: SLUG,
    });
    // The composed pinyin never lands in the fields, and nothing is doubled or reordered.
    await expect((await field(page, 'title', '标题')).inputValue()).resolves.toBe(
      '关于冬季取暖安全的通知',
    );
    await expect((await field(page, 'body', '正文')).innerText()).resolves.toBe(
      '头晕恶心时马上开窗，联系网格员。',
    );
    await page.screenshot({ path: join(SHOTS, '2-new-notice.png') });
    await page.getByRole('button', { name: '保存', exact: true }).click();

    const path = `content/notices/${SLUG}.md`;
    await expect.poll(() => savedFile(page, path)).toBeDefined();
    // Every switch is written, off ones too: Sveltia's omit_empty_optional_fields leaves out only
    // empty text, lists and objects, never false (checked in @sveltia/cms 0.221.1). The schema
    // reads a missing switch as false as well, so the file means the same either way.
    expect(await savedFile(page, path)).toMatchInlineSnapshot(`
      "---
      title: 关于冬季取暖安全的通知
      date: 2026-12-01
      category: 通知
      level: 重要
      pinned: false
      registration: false
      department: 青禾街道办事处
      summary: 烧炭取暖要留窗缝，睡觉前把火盆搬出卧室。
      draft: false
      ---

      头晕恶心时马上开窗，联系网格员。
      "
    `);
    await page.getByText('2026-12-01 关于冬季取暖安全的通知').waitFor();
    await page.screenshot({ path: join(SHOTS, '3-saved.png'), animations: 'disabled' });
    expect([...origins], 'the editor asks only this site').toEqual([baseURL]);
    expect(problems).toEqual([]);

    const repo = await exportContent(page);
    try {
      await astroBuild(repo);
      const html = await readFile(join(repo, `dist/notices/${SLUG}/index.html`), 'utf8');
      const built = await page.context().newPage();
      await built.goto(pathToFileURL(join(repo, `dist/notices/${SLUG}/index.html`)).href);
      await expect(built.locator('h1').textContent()).resolves.toBe('关于冬季取暖安全的通知');
      await expect(built.locator('article').innerText()).resolves.toContain(
        '头晕恶心时马上开窗，联系网格员。',
      );
      expect(html).toContain('青禾街道办事处');
      const list = await readFile(join(repo, 'dist/notices/index.html'), 'utf8');
      expect(list).toContain(`href="/notices/${SLUG}/"`);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  }, 240_000);

  test('a notice switched to 草稿 is saved with draft: true and marked as a draft in the list', async () => {
    const { page } = await openEditor();
    await writeNotice(page, {
      title: [['zhengqiuyijian', '征求意见稿']],
      date: '2026-12-02',
      category: '倡议',
      department: [['jiedao', '街道']],
      summary: [['xianbufabu', '先不发布。']],
      body: [['caogao', '草稿']],
      draft: true,
      slug: '2026-12-02-zhengqiu-yijian',
    });
    await reveal(page, 'registration');
    await page.screenshot({ path: join(SHOTS, '5-switches.png') });
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect
      .poll(() => savedFile(page, 'content/notices/2026-12-02-zhengqiu-yijian.md'))
      .toContain('draft: true');
    // Saving a new entry returns to the list, where the draft is marked as one.
    await page.getByText('征求意见稿（草稿）').waitFor();
  });
});

describe('what the editor refuses', () => {
  test('saving a notice with nothing filled in names each required field and writes no file', async () => {
    const { page } = await openEditor();
    await page.getByRole('button', { name: '创建新条目' }).click();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.locator('section[data-key-path="title"] [role=alert]').first().waitFor();
    await page.screenshot({ path: join(SHOTS, '4-required.png') });
    const flagged = await page.evaluate(() =>
      [...document.querySelectorAll('section[data-key-path]')].flatMap((section) => {
        const alert = section
          .querySelector('[role=alert]')
          ?.textContent?.replace('error', '')
          .trim();
        return alert ? [`${section.getAttribute('data-key-path')}：${alert}`] : [];
      }),
    );
    expect(flagged).toMatchInlineSnapshot(`
      [
        "title：此字段为必填项。",
        "date：此字段为必填项。",
        "category：此字段为必填项。",
        "department：此字段为必填项。",
        "summary：此字段为必填项。",
      ]
    `);
    const notices = await page.evaluate(async () => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
      const dir = await (await root.getDirectoryHandle('content')).getDirectoryHandle('notices');
      const names: string[] = [];
      for await (const name of dir.keys()) names.push(name);
      return names.length;
    });
    expect(notices).toBe((await readdir('content/notices')).length);
  });

  test('a summary longer than the schema allows is refused with the limit', async () => {
    const { page } = await openEditor();
    await page.getByRole('button', { name: '创建新条目' }).click();
    const summary = await field(page, 'summary', '摘要');
    await summary.fill('请'.repeat(121));
    await page.getByRole('button', { name: '保存', exact: true }).click();
    const alert = page.locator('section[data-key-path="summary"] [role=alert]').first();
    await alert.waitFor();
    expect((await alert.innerText()).replace(/^error\s*/, '').trim()).toMatchInlineSnapshot(
      `"输入不能超过 120 个字符。"`,
    );
  });

  test('a file name in Chinese or without the date is refused before saving', async () => {
    const { page } = await openEditor();
    await page.getByRole('button', { name: '创建新条目' }).click();
    await openSlug(page);
    await page.getByRole('textbox', { name: '别名' }).fill('冬季取暖');
    const alert = page.locator('#entry-sidebar-content [role=alert]').first();
    await alert.waitFor();
    expect((await alert.innerText()).replace(/^error\s*/, '').trim()).toMatchInlineSnapshot(
      `"请以日期开头，后面接拼音，例如 2026-11-25-weisheng-zhengzhi"`,
    );
    await expect(page.getByRole('button', { name: '完成' }).isDisabled()).resolves.toBe(true);
  });

  test('an urgent notice without an expiry date is refused before saving, in the build’s words', async () => {
    const { page } = await openEditor();
    const path = 'content/notices/2026-12-03-tingshui.md';
    await writeNotice(page, {
      title: [['tingshui', '停水通知']],
      date: '2026-12-03',
      category: '通告',
      level: '紧急',
      department: [['cunwei', '村委会']],
      summary: [['mingtian', '明天上午停水。']],
      body: [['qingchushui', '请提前储水。']],
      slug: '2026-12-03-tingshui',
    });
    const dialog = await saveRefused(page);
    await page.screenshot({ path: join(SHOTS, '6-refused.png') });
    await expect(dialog.locator('.body').innerText()).resolves.toMatchInlineSnapshot(
      `
      "保存条目时出错。请稍后重试。
      还不能保存，网站会因为下面的问题停止更新： · 字段 expires：紧急通知会一直显示在首页横幅上，请填写过期日期 expires，例如：2026-12-31 请改好后再保存。"
    `,
    );
    expect(await savedFile(page, path)).toBeUndefined();

    // With the date filled in, the same notice saves.
    await dialog.getByRole('button', { name: '确定' }).click();
    await (await field(page, 'expires', '过期日期')).fill('2026-12-04');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => savedFile(page, path)).toContain('expires: 2026-12-04');
  }, 120_000);

  test('a 辟谣 notice without its verdict, verifier and report channel is refused, naming each', async () => {
    const { page } = await openEditor();
    await writeNotice(page, {
      title: [['piyao', '网传封村不实']],
      date: '2026-12-03',
      category: '辟谣',
      department: [['jiedao', '街道办']],
      summary: [['busshi', '消息不实。']],
      body: [['qingbuxin', '请不信谣。']],
      slug: '2026-12-03-piyao-fengcun',
    });
    const dialog = await saveRefused(page);
    const text = await dialog.locator('.body').innerText();
    for (const name of ['claim', 'verdict', 'verifiedBy', 'reportChannel'])
      expect(text).toContain(`字段 ${name}：辟谣类通知必须填写 ${name}`);
    expect(await savedFile(page, 'content/notices/2026-12-03-piyao-fengcun.md')).toBeUndefined();
  }, 120_000);
});

describe('the editor page itself', () => {
  test('is noindex, staff-only in its headers, and uses only this site', async () => {
    const { page, origins, problems } = await openEditor();
    const response = await page.request.get('/admin/');
    expect(response.headers()['x-robots-tag']).toBe('noindex, nofollow');
    expect(await response.text()).toContain('<meta name="robots" content="noindex, nofollow">');
    expect([...origins]).toEqual([baseURL]);
    expect(problems).toEqual([]);
  });

  test('loosens the content security policy on /admin/ only', async () => {
    const page = await (await newContext()).newPage();
    const policy = (path: string) =>
      page.request
        .get(path)
        .then(
          async (response) =>
            /http-equiv="content-security-policy" content="([^"]*)"/.exec(
              await response.text(),
            )?.[1] ?? '',
        );
    expect(await policy('/admin/')).toContain("style-src 'unsafe-inline'");
    expect(await policy('/')).not.toContain('unsafe-inline');
    expect(await policy('/notices/')).not.toContain('blob:');
  });

  test('stays out of the sitemap, the site search and the offline cache', async () => {
    const page = await (await newContext()).newPage();
    const sitemap = await (await page.request.get('/sitemap-0.xml')).text();
    expect(sitemap).toContain('/notices/');
    expect(sitemap).not.toContain('/admin/');
    await page.goto('/search/?q=内容编辑器');
    await page.waitForFunction(() =>
      document.querySelector('#search-status')?.textContent?.startsWith('没有找到'),
    );

    // The offline worker keeps every public page this PC opens (src/scripts/service-worker.js);
    // the editor is a staff tool and must not be one of them.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.goto('/admin/');
    await page.getByRole('button', { name: '使用本地仓库' }).waitFor();
    // A public page opened afterwards is stored, so the worker has had its turn at /admin/ too.
    await page.goto('/contacts/');
    await expect.poll(() => isCached(page, '/contacts/')).toBe(true);
    expect(await isCached(page, '/admin/')).toBe(false);
    // The worker leaves /admin/ to the network entirely: offline it is the browser's own error,
    // not a stored copy of the editor.
    await page.context().setOffline(true);
    try {
      await expect(page.goto('/admin/')).rejects.toThrow('ERR_INTERNET_DISCONNECTED');
    } finally {
      await page.context().setOffline(false);
    }
  });
});
