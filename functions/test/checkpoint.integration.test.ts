/** The village checkpoint (卡口) in workerd (issue 12): look up, scoping, marking arrival. */
import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, test } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { count, ledgerRow, seedDeclaration } from './ledger';

const SITE = 'https://firstline.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const GRID_2 = { Authorization: 'Bearer test-grid-2-token' };
const FORM = { Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' };
const today = shanghaiDate();

const person = {
  areaId: 'xixi-1',
  name: '郑玉兰',
  phone: '13912345678',
  risk: 'medium',
  arrivalDate: addDays(today, 1),
} as const;
let mine = '';
let theirs = '';

beforeAll(async () => {
  mine = await seedDeclaration(person);
  theirs = await seedDeclaration({ areaId: 'hexiang-yuan', name: '韩春生', risk: 'high' });
});

const lookUp = (reference: string, headers: Record<string, string> = GRID_2) =>
  SELF.fetch(`${SITE}/staff/checkpoint/?reference=${encodeURIComponent(reference)}`, {
    headers: { ...headers, Accept: 'text/html' },
  });

const arrive = (reference: string, headers: Record<string, string> = GRID_2) =>
  SELF.fetch(`${SITE}/staff/checkpoint/arrive`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...FORM, ...headers },
    body: new URLSearchParams({ reference }).toString(),
  });

/** The page's main content, the parts that name the reference looked up made alike. */
const main = (html: string, ...references: string[]) => {
  let text = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  for (const reference of references) text = text.replaceAll(reference, 'REFERENCE');
  return text;
};

describe('looking up a reference', () => {
  test('shows the caller’s own returnee masked, with risk, grid, arrival and status', async () => {
    const response = await lookUp(mine.replaceAll('-', ''));
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(`<title>卡口登记 ${mine} - 防疫工作台</title>`);
    expect(page).toContain('郑**');
    expect(page).toContain('139****5678');
    expect(page).toContain('中风险');
    expect(page).toContain('第二网格（西溪村） · 西溪村第一村民小组');
    expect(page).toContain('（1天后）');
    expect(page).toContain('待联系');
    expect(page).toContain('还没有登记到达');
    expect(page).toContain('action="/staff/checkpoint/arrive"');
    expect(page).not.toContain('郑玉兰');
    expect(page).not.toContain('13912345678');
  });

  test('answers another grid’s reference exactly as one that does not exist', async () => {
    const unknown = '1234-5678-2';
    expect(await ledgerRow(unknown)).toBeNull();
    const foreign = await lookUp(theirs);
    const missing = await lookUp(unknown);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    const foreignPage = await foreign.text();
    expect(main(foreignPage, theirs)).toBe(main(await missing.text(), unknown));
    expect(foreignPage).toContain('您负责的网格里没有这个回执编号');
    expect(foreignPage).not.toContain('韩');
    expect(foreignPage).not.toContain('高风险');
  });

  test('finds any grid’s returnee for an admin', async () => {
    const response = await lookUp(theirs, ADMIN);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('韩**');
    expect(page).toContain('高风险');
  });

  test('says what is wrong with a mistyped reference and keeps what was typed', async () => {
    const typo = `${mine.slice(0, -1)}${(Number(mine.at(-1)) + 1) % 10}`;
    const response = await lookUp(typo);
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('<title>错误：卡口登记 - 防疫工作台</title>');
    expect(page).toContain('回执编号有一位不对（最后一位校验码对不上），请核对后重新输入');
    expect(page).toContain(`value="${typo}"`);
    expect((await lookUp('12345')).status).toBe(422);
  });

  test('opens the camera to this page only, with the scan script from this site', async () => {
    const page = await lookUp('');
    expect(page.status).toBe(200);
    expect(page.headers.get('Permissions-Policy')).toContain('camera=(self)');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/checkpoint-scan.js"></script>');
    expect(html).toContain('id="checkpoint-lookup"');
    const list = await SELF.fetch(`${SITE}/staff/declarations/`, { headers: GRID_2 });
    expect(list.headers.get('Permissions-Policy')).toContain('camera=()');
  });

  test('serves the scan script and the QR decoder from this site, the decoder without its Kanji table', async () => {
    const script = await SELF.fetch(`${SITE}/checkpoint-scan.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toMatch(/javascript/);
    expect(await script.text()).toContain('/qr-decoder.js');
    const decoder = await SELF.fetch(`${SITE}/qr-decoder.js`);
    expect(decoder.status).toBe(200);
    const source = await decoder.text();
    expect(source).toContain('jsQR');
    expect(source).not.toMatch(/shiftJISTable\s*=\s*\{\s*(?:32|0x20)\s*:/);
    expect(source.length).toBeLessThan(80_000);
  });
});

describe('marking arrival', () => {
  test('is a plain form post that marks once, with one audit record naming no one', async () => {
    const first = await arrive(mine);
    expect(first.status).toBe(303);
    expect(first.headers.get('Location')).toBe(`/staff/checkpoint/?reference=${mine}`);
    const row = await ledgerRow(mine);
    expect(row?.arrived_at).toBeTruthy();
    expect(row?.arrived_by).toBe('李秀英');
    expect(await count('audit_log', "action = 'arrival' AND reference = ?", mine)).toBe(1);
    const audit = await env.LEDGER.prepare(
      "SELECT actor, detail FROM audit_log WHERE action = 'arrival' AND reference = ?",
    )
      .bind(mine)
      .first<{ actor: string; detail: string }>();
    expect(audit).toEqual({ actor: '李秀英', detail: 'checkpoint' });

    const again = await arrive(mine, ADMIN);
    expect(again.status).toBe(303);
    const after = await ledgerRow(mine);
    expect(after?.arrived_at).toBe(row?.arrived_at);
    expect(after?.arrived_by).toBe('李秀英');
    expect(await count('audit_log', "action = 'arrival' AND reference = ?", mine)).toBe(1);

    const page = await (await lookUp(mine)).text();
    expect(page).toContain('<strong class="arrived">✓ 已到达</strong>');
    expect(page).toMatch(/<span class="meta">今天 \d{2}:\d{2}，李秀英登记<\/span>/);
    expect(page).not.toContain('action="/staff/checkpoint/arrive"');
    expect(page).toContain('扫描下一位的二维码');
    const detail = await (
      await SELF.fetch(`${SITE}/staff/declarations/${mine}/`, { headers: GRID_2 })
    ).text();
    expect(detail).toMatch(/卡口已登记到达（[\d\- :]+，李秀英）/);
  });

  test('a mark made on the wrong person is taken back, audited, and can be made again', async () => {
    const wrong = await seedDeclaration({ ...person, name: '郑玉芬' });
    const undo = (reference: string, headers: Record<string, string> = GRID_2) =>
      SELF.fetch(`${SITE}/staff/checkpoint/undo-arrival`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...FORM, ...headers },
        body: new URLSearchParams({ reference }).toString(),
      });
    const audits = async (detail: string) =>
      count('audit_log', "action = 'arrival' AND reference = ? AND detail = ?", wrong, detail);
    // A reference garbled on its way (a typo, an old page) is refused as the lookup refuses it.
    const garbled = await undo(wrong.slice(0, -1));
    expect(garbled.status).toBe(422);
    expect(await garbled.text()).toContain('请修改以下问题');
    // Nothing to take back yet: nothing changes, nothing is audited.
    expect((await undo(wrong)).status).toBe(303);
    expect(await audits('undone')).toBe(0);

    await arrive(wrong);
    expect(await (await lookUp(wrong)).text()).toContain('撤销到达登记');
    // Another grid's mark cannot be taken back from here, and its page says nothing of it.
    const other = await seedDeclaration({ areaId: 'hexiang-yuan', name: '韩春梅' });
    await arrive(other, ADMIN);
    const stranger = await undo(other);
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).toContain('您负责的网格里没有这个回执编号');
    expect((await ledgerRow(other))?.arrived_at).toBeTruthy();

    const undone = await undo(wrong);
    expect(undone.status).toBe(303);
    expect(undone.headers.get('Location')).toBe(`/staff/checkpoint/?reference=${wrong}`);
    const row = await ledgerRow(wrong);
    expect(row?.arrived_at).toBeNull();
    expect(row?.arrived_by).toBeNull();
    expect(await audits('undone')).toBe(1);
    const log = await (await SELF.fetch(`${SITE}/staff/audit/`, { headers: ADMIN })).text();
    expect(log).toContain(`${wrong}</a> · 撤销到达登记（登记错了）`);
    const page = await (await lookUp(wrong)).text();
    expect(page).toContain('还没有登记到达');
    expect(page).toContain('action="/staff/checkpoint/arrive"');
    expect(page).not.toContain('撤销到达登记');

    // Marked again when the person really arrives: a second mark, audited as such.
    await arrive(wrong);
    expect((await ledgerRow(wrong))?.arrived_at).toBeTruthy();
    expect(await audits('checkpoint')).toBe(2);
  });

  test('cannot mark another grid’s returnee, and says so as for one that does not exist', async () => {
    const response = await arrive(theirs);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('您负责的网格里没有这个回执编号');
    expect((await ledgerRow(theirs))?.arrived_at).toBeNull();
    expect(await count('audit_log', "action = 'arrival' AND reference = ?", theirs)).toBe(0);
  });

  test('refuses a post from another site', async () => {
    const response = await arrive(theirs, { ...ADMIN, Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect((await ledgerRow(theirs))?.arrived_at).toBeNull();
  });
});
