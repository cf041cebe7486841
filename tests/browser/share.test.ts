/** The share page of a notice on a phone: the WeChat text and its copy button, the loudspeaker script and read-aloud. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { chineseDate } from '../../src/lib/dates';
import type { SharedNotice } from '../../src/lib/share';
import { axeViolations, baseURL, useBrowser } from './browser';

interface SampleNotice {
  id: string;
  data: SharedNotice & { draft?: boolean };
}

/** The published sample notices, read straight from content/. */
async function sampleNotices(): Promise<SampleNotice[]> {
  const notices: SampleNotice[] = [];
  for (const file of (await readdir('content/notices')).sort()) {
    const text = await readFile(`content/notices/${file}`, 'utf8');
    const data = parse(text.split(/^---$/m)[1] ?? '') as SampleNotice['data'];
    if (!data.draft) notices.push({ id: file.replace(/\.mdx?$/, ''), data });
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

/** Opens the share page of `notice` with the clipboard allowed, as a person who taps 允许 would. */
async function openShare(notice: SampleNotice, init?: () => void): Promise<Page> {
  const page = await browser.page();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  if (init) await page.addInitScript(init);
  const response = await page.goto(`/notices/${notice.id}/share/`);
  expect(response?.status()).toBe(200);
  return page;
}

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

  test('hides 朗读 where the phone has no Chinese voice (headless Chromium has none)', async () => {
    const page = await openShare(await sample(false));
    expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);
    await page.waitForLoadState('load');
    await expect(page.locator('#share-script').isVisible()).resolves.toBe(true);
    await expect(page.locator('#share-read').isHidden()).resolves.toBe(true);
    expect(await page.getByRole('button', { name: '复制文字' }).isVisible()).toBe(true);
  });

  test('offers 朗读 once a zh-CN voice arrives, reads in zh-CN at rate 0.9, and 停止 stops it', async () => {
    const page = await openShare(await sample(false), () => {
      // A stand-in for a phone's speech engine whose voices arrive late, as Chrome's do.
      const spoken: { text: string; lang: string; rate: number; voice: string }[] = [];
      let voices: { lang: string; name: string }[] = [];
      const engine = {
        spoken,
        cancelled: 0,
        speaking: false,
        onvoiceschanged: null as null | (() => void),
        getVoices: () => voices,
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
          engine.onvoiceschanged?.();
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
    });
    type Engine = {
      spoken: { text: string; lang: string; rate: number; voice: string }[];
      cancelled: number;
      arrive(): void;
    };
    const read = page.locator('#share-read');
    await expect(read.isHidden()).resolves.toBe(true);
    await page.evaluate(() => (speechSynthesis as unknown as Engine).arrive());
    await page.getByRole('button', { name: '朗读' }).click();
    const spoken = await page.evaluate(() => (speechSynthesis as unknown as Engine).spoken);
    const expected = await read.getAttribute('data-speak');
    expect(spoken.map((utterance) => utterance.text).join('\n')).toBe(expected);
    expect(spoken.every((u) => u.lang === 'zh-CN' && u.rate === 0.9 && u.voice === '普通话')).toBe(
      true,
    );
    expect(expected).toMatch(/值班电话：[零幺二三四五六七八九，]+。/);
    const cancelled = await page.evaluate(() => (speechSynthesis as unknown as Engine).cancelled);
    await page.getByRole('button', { name: '停止' }).click();
    expect(await page.evaluate(() => (speechSynthesis as unknown as Engine).cancelled)).toBe(
      cancelled + 1,
    );
    expect((await read.textContent())?.trim()).toBe('朗读');
  });
});

describe('the share page', () => {
  test('without JavaScript shows both texts to select by hand and no buttons', async () => {
    const notice = await sample(false);
    const page = await browser.page({ javaScriptEnabled: false });
    await page.goto(`/notices/${notice.id}/share/`);
    expect(await wechatBox(page).inputValue()).toContain(notice.data.summary.trim());
    expect(await page.locator('#share-script').innerText()).toContain('重要的事情再说一遍');
    expect(await page.getByRole('button').count()).toBe(0);
  });

  test('links back to the notice and to its poster, and asks search engines not to index it', async () => {
    const notice = await sample(true);
    const page = await openShare(notice);
    expect(await page.getByRole('link', { name: '查看通知全文' }).getAttribute('href')).toBe(
      `/notices/${notice.id}/`,
    );
    expect(await page.getByRole('link', { name: '打印通知海报' }).getAttribute('href')).toBe(
      `/notices/${notice.id}/poster/`,
    );
    expect(await page.locator('meta[name=robots]').getAttribute('content')).toBe('noindex');
  });

  test('adds at most 1 KB of inline JS to what every page carries, and loads no script files', async () => {
    const notice = await sample(false);
    const inline = async (path: string) => {
      const html = await (await fetch(baseURL + path)).text();
      return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
        (match) => match[1] ?? '',
      );
    };
    const everyPage = new Set(await inline(`/notices/${notice.id}/`));
    const own = (await inline(`/notices/${notice.id}/share/`)).filter(
      (code) => !everyPage.has(code),
    );
    expect(own).toHaveLength(1);
    expect(Buffer.byteLength(own.join(''))).toBeLessThanOrEqual(1024);
    const page = await browser.page();
    const files: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') files.push(request.url());
    });
    await page.goto(`/notices/${notice.id}/share/`);
    expect(files).toEqual([]);
  });

  test('lets its inline script run under the page’s CSP by hash, without unsafe-inline', async () => {
    const html = await (
      await fetch(`${baseURL}/notices/${(await sample(false)).id}/share/`)
    ).text();
    const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1];
    const script = /<script type="module">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(script).toContain('share-copy');
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-inline');
  });

  test('fits a 360 px phone with tap targets of at least 48 px, and axe finds no violations', async () => {
    const page = await openShare(await sample(false));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    for (const target of [
      page.getByRole('button', { name: '复制文字' }),
      page.getByRole('link', { name: '打印通知海报' }),
    ]) {
      expect((await target.boundingBox())?.height).toBeGreaterThanOrEqual(48);
    }
    expect(await axeViolations(page)).toEqual([]);
  });
});
