/**
 * The village checkpoint (卡口) in Chromium (issue 12): a grid worker's phone camera reads a
 * receipt's QR code — a fake camera playing a video made here from the QR code of a real
 * reference — finds the returnee and marks 已到达; the typed reference does the same without
 * JavaScript; a PC without a camera is offered the typed form only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'uqr';
import { afterAll, describe, expect, test } from 'vitest';
import { GRID_2_TOKEN } from './accounts';
import { axeViolations, baseURL, useBrowser } from './browser';
import { declareByApi, idNumbers, today, untilInLedger } from './declaration-form';

const newId = idNumbers(8);
const signedIn = { httpCredentials: { username: 'lixiuying', password: GRID_2_TOKEN } };

/**
 * A few seconds of 640 × 480 video (YUV4MPEG2, 4:2:0) showing the QR code of `text` as the
 * receipt draws it (src/lib/qr.ts: ECC M, 4 modules of quiet zone), black on white, for
 * Chromium's fake camera (`--use-file-for-fake-video-capture`), which plays it in a loop.
 */
function qrVideo(text: string, file: string): void {
  const width = 640;
  const height = 480;
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const scale = Math.floor(400 / size);
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  // Luma: a grey room around a white sheet with black modules; no colour.
  const luma = Buffer.alloc(width * height, 128);
  for (let y = 0; y < size * scale; y++) {
    for (let x = 0; x < size * scale; x++) {
      const dark = data[Math.floor(y / scale)]?.[Math.floor(x / scale)] ?? false;
      luma[(top + y) * width + left + x] = dark ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
}

/** Files a declaration in grid 2 through the API and waits for it to reach the ledger. */
async function declare(name: string): Promise<string> {
  const { reference } = await declareByApi(baseURL, {
    name,
    idNumber: newId(),
    arrivalDate: today,
    areaId: 'xixi-2',
  });
  await untilInLedger(baseURL, reference, GRID_2_TOKEN);
  return reference;
}

const videos = mkdtempSync(join(tmpdir(), 'firstline-qr-video-'));
afterAll(() => rmSync(videos, { recursive: true, force: true }));

// Declared before the browser starts: the fake camera's video is fixed when Chromium launches.
const scanned = await declare('柳青青');
const video = join(videos, 'receipt.y4m');
qrVideo(scanned, video);

const withCamera = useBrowser({}, [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${video}`,
]);
const withoutCamera = useBrowser();

describe('the checkpoint', () => {
  test('a phone’s camera reads the receipt’s QR code, finds the returnee and marks the arrival', async () => {
    const page = await withCamera.page({ ...signedIn, permissions: ['camera'] });
    await page.goto('/staff/checkpoint/');
    await page.getByRole('heading', { name: '卡口登记' }).waitFor();
    await page.getByRole('button', { name: '扫描回执二维码' }).click();
    await page.getByRole('heading', { name: `柳** ${scanned}` }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).searchParams.get('reference')).toBe(scanned);
    const record = page.locator('.checkpoint-record');
    expect(await record.textContent()).toContain('中风险');
    expect(await record.textContent()).toContain('137****5678');
    expect(await record.textContent()).not.toContain('柳青青');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '已到达' }).click();
    await page.getByText('✓ 已到达').waitFor();
    expect(await page.locator('.checkpoint-record').textContent()).toMatch(
      /今天 \d{2}:\d{2}，李秀英登记/,
    );
    expect(await page.getByRole('button', { name: '已到达' }).count()).toBe(0);
    await page.getByRole('button', { name: '扫描下一位的二维码' }).waitFor();
    // The marked record, with its 撤销 button, passes axe too.
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a typed reference finds the returnee and marks the arrival without JavaScript, and a wrong mark is taken back', async () => {
    const reference = await declare('温建业');
    const page = await withoutCamera.page({ ...signedIn, javaScriptEnabled: false });
    await page.goto('/staff/checkpoint/');
    expect(await page.getByRole('button', { name: '扫描回执二维码' }).isVisible()).toBe(false);
    await page.getByLabel('回执编号').fill(reference.replaceAll('-', ' '));
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByRole('heading', { name: `温** ${reference}` }).waitFor();
    await page.getByRole('button', { name: '已到达' }).click();
    await page.getByText('✓ 已到达').waitFor();
    expect(await page.locator('.checkpoint-record').textContent()).toMatch(
      /今天 \d{2}:\d{2}，李秀英登记/,
    );
    await page.getByRole('button', { name: '撤销到达登记' }).click();
    await page.getByText('还没有登记到达').waitFor();
    expect(await page.getByText('✓ 已到达').count()).toBe(0);
    await page.getByRole('button', { name: '已到达' }).waitFor();
  });

  test('a PC without a camera is offered the typed form only, and is told of a typo', async () => {
    const page = await withoutCamera.page({
      ...signedIn,
      permissions: ['camera'],
      viewport: { width: 1280, height: 800 },
    });
    await page.goto('/staff/checkpoint/');
    await page.locator('[data-scan][data-camera="no"]').waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: '扫描回执二维码' }).isVisible()).toBe(false);
    await page.getByLabel('回执编号').fill('4829-1536-7');
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByRole('alert').filter({ hasText: '请修改以下问题' }).waitFor();
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.getByLabel('回执编号').inputValue()).toBe('4829-1536-7');
    expect(await axeViolations(page)).toEqual([]);
  });
});
