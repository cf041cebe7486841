/**
 * The tools of notice and guide pages on a phone: forwarding a notice (the WeChat text and its copy
 * button, the loudspeaker script and its read-aloud), 朗读全文 on notices and guides, and the one
 * small inline script that shows them and loads their code on the first tap.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { TEST_DAY } from '../../scripts/test-clock.mjs';
import { chineseDate } from '../../src/lib/dates';
import { speechText, type SharedNotice } from '../../src/lib/share';
import { axeViolations, baseURL, useBrowser } from './browser';

interface SampleNotice {
  id: string;
  data: SharedNotice & { draft?: boolean; expires?: string };
}

/** The published sample notices in force on the tests' day, read straight from content/. */
async function sampleNotices(): Promise<SampleNotice[]> {
  const notices: SampleNotice[] = [];
  for (const file of (await readdir('content/notices')).sort()) {
    const text = await readFile(`content/notices/${file}`, 'utf8');
    const data = parse(text.split(/^---$/m)[1] ?? '') as SampleNotice['data'];
    const expires = data.expires ? String(data.expires).slice(0, 10) : undefined;
    if (!data.draft && !(expires && expires < TEST_DAY))
      notices.push({ id: file.replace(/\.mdx?$/, ''), data });
  }
  return notices;
}

/** A sample notice with, or without, its own `broadcast` script. */
async function sample(withBroadcast: boolean): Promise<SampleNotice> {
  const found = (await sampleNotices()).find((notice) => !!notice.data.broadcast === withBroadcast);
  if (!found)
    throw new Error(
      `content/notices has no published notice ${withBroadcast ? 'with' : 'without'} broadcast`,
    );
  return found;
}

const browser = useBrowser();

/**
 * Opens `notice` with the clipboard allowed, as a person who taps 允许 would, and unfolds its
 * forwarding part.
 */
async function openShare(notice: SampleNotice, init?: () => void): Promise<Page> {
  const page = await openPage(`/notices/${notice.id}/`, init);
  await page.getByText('转发到微信群、大喇叭广播稿').click();
  return page;
}

/** Opens `path` with the clipboard allowed and `init` run before the page's own scripts. */
async function openPage(path: string, init?: () => void): Promise<Page> {
  const page = await browser.page();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  if (init) await page.addInitScript(init);
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  return page;
}

/** A stand-in for a phone's speech engine whose voices arrive late, as Chrome's do. */
function fakeSpeech() {
  const spoken: { text: string; lang: string; rate: number; voice: string }[] = [];
  const listeners: (() => void)[] = [];
  let voices: { lang: string; name: string }[] = [];
  const engine = {
    spoken,
    cancelled: 0,
    getVoices: () => voices,
    addEventListener: (_type: string, listener: () => void) => listeners.push(listener),
    speak(utterance: { text: string; lang: string; rate: number; voice: { name: string } }) {
      spoken.push({ ...utterance, voice: utterance.voice.name });
    },
    cancel() {
      engine.cancelled++;
    },
    arrive() {
      voices = [
        { lang: 'en-US', name: 'English' },
        { lang: 'zh-CN', name: '普通话' },
      ];
      for (const listener of listeners) listener();
    },
  };
  Object.defineProperty(window, 'speechSynthesis', { value: engine, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', {
    value: class {
      lang = '';
      rate = 1;
      voice = null;
      constructor(readonly text: string) {}
    },
    configurable: true,
  });
}

type Engine = {
  spoken: { text: string; lang: string; rate: number; voice: string }[];
  cancelled: number;
  arrive(): void;
};
const engine = (page: Page) => page.evaluate(() => speechSynthesis as unknown as Engine);

/** The absolute address of the notice as the site names it (its canonical link). */
async function noticeUrl(page: Page, notice: SampleNotice): Promise<string> {
  const canonical = await page.locator('link[rel=canonical]').getAttribute('href');
  return new URL(`/notices/${notice.id}/`, canonical ?? '').href;
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const wechatBox = (page: Page) => page.getByRole('textbox', { name: '发到微信群' });

describe('the WeChat text', () => {
  test('shows the category, title, summary, 发布单位, date and the absolute link to the notice', async () => {
    const notice = await sample(false);
    const page = await openShare(notice);
    const text = await wechatBox(page).inputValue();
    const { data } = notice;
    expect(text.startsWith(`【${data.category}】`)).toBe(true);
    expect(text).toContain(data.title.replace(/^辟谣：/, ''));
    expect(text).toContain(data.summary.trim());
    expect(text).toContain(`发布单位：${data.department}`);
    expect(text).toContain(`发布日期：${chineseDate(data.date)}`);
    expect(text.endsWith(`详情：${await noticeUrl(page, notice)}`)).toBe(true);
    expect(await wechatBox(page).getAttribute('readonly')).not.toBeNull();
  });

  test('复制文字 puts exactly that text on the clipboard and says it is copied', async () => {
    const page = await openShare(await sample(false));
    const text = await wechatBox(page).inputValue();
    await page.getByRole('button', { name: '复制文字' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('已复制。到微信群里长按输入框，选“粘贴”，就能发出去。');
    expect(await clipboard(page)).toBe(text);
  });

  test('copies by selecting the text when the clipboard API refuses, as in some in-app browsers', async () => {
    const page = await openShare(await sample(true), () => {
      navigator.clipboard.writeText = () =>
        Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    const text = await wechatBox(page).inputValue();
    await page.getByRole('button', { name: '复制文字' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^已复制/);
    expect(await clipboard(page)).toBe(text);
  });

  test('asks for a long-press when the browser cannot copy at all', async () => {
    const page = await openShare(await sample(false), () => {
      navigator.clipboard.writeText = () =>
        Promise.reject(new DOMException('denied', 'NotAllowedError'));
      (document as { execCommand(command: string): boolean }).execCommand = () => false;
    });
    await page.getByRole('button', { name: '复制文字' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('没能自动复制。请长按上面的文字，选“全选”，再选“复制”。');
  });
});

describe('the loudspeaker script', () => {
  test('shows the notice’s own broadcast text as written', async () => {
    const notice = await sample(true);
    const page = await openShare(notice);
    const script = await page.locator('#share-script').innerText();
    expect(script.trim()).toBe(notice.data.broadcast?.trim());
  });

  test('is made from the summary, with the duty phone, when the notice has no broadcast text', async () => {
    const notice = await sample(false);
    const page = await openShare(notice);
    const script = await page.locator('#share-script').innerText();
    expect(script).toMatch(/^各位村民、居民朋友们请注意：/);
    expect(script).toContain('重要的事情再说一遍');
    expect(script).toMatch(/值班电话：\d{3,4}(，\d{3,4})+。/);
    expect(script.trim()).toMatch(/守住自家门，管好自家人。谢谢大家！$/);
  });

  test('hides 朗读广播稿 where the phone has no Chinese voice (headless Chromium has none)', async () => {
    const page = await openShare(await sample(false));
    expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    await page.waitForLoadState('load');
    await expect(page.locator('#share-script').isVisible()).resolves.toBe(true);
    await expect(page.locator('#share-read').isHidden()).resolves.toBe(true);
    expect(await page.getByRole('button', { name: '复制文字' }).isVisible()).toBe(true);
  });

  test('offers 朗读广播稿 once a zh-CN voice arrives, reads in zh-CN at rate 0.9, and 停止 stops it', async () => {
    const page = await openShare(await sample(false), fakeSpeech);
    const read = page.locator('#share-read');
    await expect(read.isHidden()).resolves.toBe(true);
    await page.evaluate(() => (speechSynthesis as unknown as Engine).arrive());
    await page.getByRole('button', { name: '朗读广播稿' }).click();
    await expect.poll(async () => (await engine(page)).spoken.length).toBeGreaterThan(0);
    const { spoken, cancelled } = await engine(page);
    const expected = speechText(await page.locator('#share-script').innerText());
    expect(spoken.map((utterance) => utterance.text).join('\n')).toBe(expected);
    expect(spoken.every((u) => u.lang === 'zh-CN' && u.rate === 0.9 && u.voice === '普通话')).toBe(
      true,
    );
    expect(expected).toMatch(/值班电话：[零幺二三四五六七八九，]+。/);
    await page.getByRole('button', { name: '停止' }).click();
    expect((await engine(page)).cancelled).toBe(cancelled + 1);
    expect((await read.textContent())?.trim()).toBe('朗读广播稿');
  });
});

describe('朗读全文', () => {
  test('is hidden on notices and guides where the phone has no Chinese voice', async () => {
    for (const path of [
      `/notices/${(await sample(false)).id}/`,
      '/guides/jujia-jiankang-jiance/',
    ]) {
      const page = await openPage(path);
      await page.waitForLoadState('load');
      expect(await page.locator('[data-tool=read]').first().isHidden(), path).toBe(true);
    }
  });

  test('reads a notice and a guide in zh-CN, title and text, line by line, and stops', async () => {
    for (const path of [`/notices/${(await sample(true)).id}/`, '/guides/jujia-jiankang-jiance/']) {
      const page = await openPage(path, fakeSpeech);
      await page.evaluate(() => (speechSynthesis as unknown as Engine).arrive());
      await page.getByRole('button', { name: '朗读全文' }).click();
      await expect.poll(async () => (await engine(page)).spoken.length).toBeGreaterThan(3);
      const { spoken } = await engine(page);
      const title = ((await page.locator('h1').textContent()) ?? '').trim();
      const body = ((await page.locator('.prose p').last().innerText()) ?? '').trim();
      const said = spoken.map((utterance) => utterance.text).join('');
      expect(said, path).toContain(speechText(title).replace(/\n/g, ''));
      expect(said, path).toContain(speechText(body).replace(/\n/g, '').slice(0, 10));
      expect(spoken.every((u) => u.lang === 'zh-CN' && u.rate === 0.9)).toBe(true);
      // Nothing printed-only or folded away is read: not the sheet's footer, not the WeChat text.
      expect(said).not.toContain('扫码');
      expect(said).not.toContain('详情：');
      await page.getByRole('button', { name: '停止朗读' }).click();
      await expect(page.getByRole('button', { name: '朗读全文' }).isVisible()).resolves.toBe(true);
    }
  });
});

describe('the page tools', () => {
  test('without JavaScript show both texts to select by hand and no buttons', async () => {
    const notice = await sample(false);
    const page = await browser.page({ javaScriptEnabled: false });
    await page.goto(`/notices/${notice.id}/`);
    await page.getByText('转发到微信群、大喇叭广播稿').click();
    expect(await wechatBox(page).inputValue()).toContain(notice.data.summary.trim());
    expect(await page.locator('#share-script').innerText()).toContain('重要的事情再说一遍');
    expect(await page.locator('main button:visible').count()).toBe(0);
  });

  test('add no inline JS to a page beyond the one shared script of at most 1 KB, and no file until a tap', async () => {
    const notice = await sample(false);
    const inline = async (path: string) => {
      const html = await (await fetch(baseURL + path)).text();
      return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
        (match) => match[1] ?? '',
      );
    };
    const everyPage = await inline('/contacts/');
    expect(everyPage).toHaveLength(1);
    expect(Buffer.byteLength(everyPage.join(''))).toBeLessThanOrEqual(1024);
    for (const path of [`/notices/${notice.id}/`, '/guides/jujia-jiankang-jiance/'])
      expect(await inline(path), path).toEqual(everyPage);
    const page = await browser.page();
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const files: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') files.push(new URL(request.url()).pathname);
    });
    await page.goto(`/notices/${notice.id}/`);
    await page.waitForLoadState('load');
    expect(files).toEqual([]);
    await page.getByText('转发到微信群、大喇叭广播稿').click();
    await page.getByRole('button', { name: '复制文字' }).click();
    await expect.poll(() => files).toEqual(['/tools.js']);
  });

  test('fit a 360 px phone with tap targets of at least 48 px, and axe finds no violations', async () => {
    const page = await openShare(await sample(false));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    for (const target of [
      page.getByRole('button', { name: '复制文字' }),
      page.getByRole('button', { name: '打印海报' }),
      page.getByText('转发到微信群、大喇叭广播稿'),
    ]) {
      expect((await target.boundingBox())?.height).toBeGreaterThanOrEqual(48);
    }
    expect(await axeViolations(page)).toEqual([]);
  });
});
