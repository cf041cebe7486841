/** The ledger as a workbench in workerd (issue 12): search, filters, sorting, paging, bulk, duplicates. */
import { SELF, env } from 'cloudflare:test';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { declaration, newResidentId, postJson } from './fixtures';
import { addFollowUp } from '../src/db/ledger';
import { saveReading } from '../src/db/monitoring';
import { consumed, count, seedDeclaration, type Seed } from './ledger';

const SITE = 'https://firstline.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const GRID_2 = { Authorization: 'Bearer test-grid-2-token' };
const today = shanghaiDate();

interface Item {
  reference: string;
  gridId: string;
  areaId: string;
  arrivalDate: string;
  risk: string;
  status: string;
  name: string;
  possibleDuplicate: boolean;
}

async function file(overrides: Record<string, unknown>): Promise<string> {
  const response = await postJson(declaration(overrides));
  expect(response.status).toBe(202);
  const { reference } = await response.json<{ reference: string }>();
  await consumed(reference);
  return reference;
}

async function find(query: string, headers = ADMIN): Promise<{ items: Item[]; total: number }> {
  const response = await SELF.fetch(`${SITE}/staff/api/declarations?${query}`, { headers });
  expect(response.status).toBe(200);
  return response.json();
}

const refs = (result: { items: Item[] }) => result.items.map((item) => item.reference);

// A village of its own, so the counts here are not disturbed by other test files' rows.
const people = {
  gao: { name: '高文彬', phone: '13722223333', idNumber: newResidentId(), areaId: 'xixi-1' },
  gaoOther: {
    name: '高文军',
    phone: '13722224444',
    idNumber: newResidentId(),
    areaId: 'dongshan-1',
  },
  sun: {
    name: '孙海燕',
    phone: '13622225555',
    idNumber: newResidentId(),
    areaId: 'xixi-2',
    closeContact: true,
  },
};
const ref: Record<keyof typeof people, string> = { gao: '', gaoOther: '', sun: '' };

beforeAll(async () => {
  for (const key of Object.keys(people) as (keyof typeof people)[])
    ref[key] = await file(people[key]);
});

describe('search', () => {
  test('finds a reference with or without its dashes', async () => {
    expect(refs(await find(`q=${ref.gao}`))).toEqual([ref.gao]);
    expect(refs(await find(`q=${ref.gao.replaceAll('-', '')}`))).toEqual([ref.gao]);
  });

  test('finds names by their start, phone numbers whole and by their last four', async () => {
    expect(refs(await find(`q=${encodeURIComponent('高文')}`)).sort()).toEqual(
      [ref.gao, ref.gaoOther].sort(),
    );
    expect(refs(await find('q=137-2222-3333'))).toEqual([ref.gao]);
    expect(refs(await find('q=5555'))).toEqual([ref.sun]);
  });

  test('finds an ID number whole and by its last four or six characters', async () => {
    const id = people.sun.idNumber;
    expect(refs(await find(`q=${id}`))).toEqual([ref.sun]);
    expect(refs(await find(`q=${id.slice(-6)}`))).toContain(ref.sun);
    expect(refs(await find(`q=${id.slice(-4)}`))).toContain(ref.sun);
  });

  test('takes five or six last characters for an ID number only, four for a phone too', async () => {
    let idNumber = newResidentId();
    while (!/\d{4}$/.test(idNumber)) idNumber = newResidentId();
    const holder = await seedDeclaration({ areaId: 'nantang', idNumber, name: '钱立新' });
    const phoneAlike = await seedDeclaration({
      areaId: 'nantang',
      phone: `1390000${idNumber.slice(-4)}`,
      name: '钱立平',
    });
    for (const tail of [idNumber.slice(-6), idNumber.slice(-5)]) {
      const found = refs(await find(`q=${tail}`));
      expect(found).toContain(holder);
      expect(found).not.toContain(phoneAlike);
    }
    const four = refs(await find(`q=${idNumber.slice(-4)}`));
    expect(four).toContain(holder);
    expect(four).toContain(phoneAlike);
  });

  test('audits a search on a whole phone or ID number, naming neither', async () => {
    const before = await count('audit_log', "action = 'search'");
    await find('q=13722223333');
    await find(`q=${people.sun.idNumber}`);
    await find(`q=${encodeURIComponent('高文')}`);
    expect(await count('audit_log', "action = 'search'")).toBe(before + 2);
    const { results } = await env.LEDGER.prepare(
      "SELECT detail FROM audit_log WHERE action = 'search'",
    ).all<{ detail: string }>();
    for (const { detail } of results) {
      expect(detail).not.toContain('13722223333');
      expect(detail).not.toContain(people.sun.idNumber);
    }
  });

  test('never finds another grid’s declaration for a grid worker', async () => {
    const mine = await find(`q=${encodeURIComponent('高文')}`, GRID_2);
    expect(refs(mine)).toEqual([ref.gao]);
    expect((await find(`q=${ref.gaoOther}`, GRID_2)).items).toEqual([]);
  });
});

// Rows placed on known days, each filter keeping some and dropping others (Asia/Shanghai days:
// 23:30 in Shanghai is 15:30 UTC, still the same day).
const at = (day: string, time = '02:00') => `${day}T${time}:00.000Z`;
const placed = {
  nantangHigh: {
    areaId: 'nantang',
    risk: 'high',
    receivedAt: at(addDays(today, -3), '15:30'),
    arrivalDate: addDays(today, -2),
  },
  hexiangCleared: {
    areaId: 'hexiang-yuan',
    risk: 'medium',
    status: 'cleared',
    closeout: 'completed',
    receivedAt: at(addDays(today, -10)),
    arrivalDate: addDays(today, -9),
  },
  laojieLost: {
    areaId: 'laojie-xincun',
    risk: 'low',
    status: 'lost',
    closeout: 'lost',
    receivedAt: at(addDays(today, -2), '16:30'),
    arrivalDate: addDays(today, 3),
  },
  nantangOld: {
    areaId: 'nantang',
    risk: 'low',
    status: 'contacted',
    receivedAt: at(addDays(today, -20)),
    arrivalDate: addDays(today, -20),
  },
} as const satisfies Record<string, Seed>;
const placedRef: Record<keyof typeof placed, string> = {
  nantangHigh: '',
  hexiangCleared: '',
  laojieLost: '',
  nantangOld: '',
};

describe('filters', () => {
  beforeAll(async () => {
    for (const key of Object.keys(placed) as (keyof typeof placed)[])
      placedRef[key] = await seedDeclaration(placed[key]);
  });

  /** What `query` finds, checked to keep every one of `kept` and none of `dropped`. */
  async function keeps(
    query: string,
    kept: (keyof typeof placed)[],
    dropped: (keyof typeof placed)[],
    headers = ADMIN,
  ): Promise<Item[]> {
    const { items } = await find(`${query}&limit=1000`, headers);
    const found = refs({ items });
    for (const key of kept) expect(found, `${query} keeps ${key}`).toContain(placedRef[key]);
    for (const key of dropped) expect(found, `${query} drops ${key}`).not.toContain(placedRef[key]);
    return items;
  }

  test('by grid', async () => {
    const items = await keeps('grid=grid-5', ['hexiangCleared', 'laojieLost'], ['nantangHigh']);
    expect(items.every((item) => item.gridId === 'grid-5')).toBe(true);
  });

  test('by grid, never widening a grid worker’s own', async () => {
    const items = await keeps('grid=grid-5', [], ['hexiangCleared', 'laojieLost'], GRID_2);
    expect(refs({ items })).toContain(ref.gao);
    expect(items.every((item) => item.gridId === 'grid-2')).toBe(true);
  });

  test('by area', async () => {
    const items = await keeps('area=laojie-xincun', ['laojieLost'], ['hexiangCleared']);
    expect(items.every((item) => item.areaId === 'laojie-xincun')).toBe(true);
  });

  test('by risk', async () => {
    const items = await keeps('risk=high', ['nantangHigh'], ['hexiangCleared', 'laojieLost']);
    expect(items.every((item) => item.risk === 'high')).toBe(true);
  });

  test('by status', async () => {
    const items = await keeps('status=cleared', ['hexiangCleared'], ['nantangHigh', 'laojieLost']);
    expect(items.every((item) => item.status === 'cleared')).toBe(true);
  });

  test('by the day received, from', async () => {
    await keeps(
      `from=${addDays(today, -3)}`,
      ['nantangHigh', 'laojieLost'],
      ['hexiangCleared', 'nantangOld'],
    );
    // 23:30 in Shanghai on the day before is not yet that day.
    await keeps(`from=${addDays(today, -2)}`, ['laojieLost'], ['nantangHigh']);
  });

  test('by the day received, to', async () => {
    await keeps(
      `to=${addDays(today, -10)}`,
      ['hexiangCleared', 'nantangOld'],
      ['nantangHigh', 'laojieLost'],
    );
    // Late in the evening in Shanghai is still the day asked for.
    await keeps(`to=${addDays(today, -3)}`, ['nantangHigh'], ['laojieLost']);
  });

  test('by the day received, one day', async () => {
    const day = addDays(today, -10);
    const items = await keeps(`from=${day}&to=${day}`, ['hexiangCleared'], ['nantangOld']);
    expect(refs({ items })).toEqual([placedRef.hexiangCleared]);
  });

  test('by arrival date, from', async () => {
    await keeps(
      `arrivalFrom=${addDays(today, -2)}`,
      ['nantangHigh', 'laojieLost'],
      ['hexiangCleared', 'nantangOld'],
    );
  });

  test('by arrival date, to', async () => {
    await keeps(
      `arrivalTo=${addDays(today, -9)}`,
      ['hexiangCleared', 'nantangOld'],
      ['nantangHigh', 'laojieLost'],
    );
  });

  test('by several at once', async () => {
    const from = addDays(today, -5);
    const items = await keeps(
      `grid=grid-3&arrivalFrom=${from}`,
      ['nantangHigh'],
      ['nantangOld', 'laojieLost'],
    );
    expect(items.every((item) => item.gridId === 'grid-3' && item.arrivalDate >= from)).toBe(true);
  });
});

describe('sorting and paging', () => {
  test('puts open cases first, high risk not yet contacted first among them, closed ones last', async () => {
    const closedHigh = await seedDeclaration({
      areaId: 'nantang',
      risk: 'high',
      status: 'cleared',
      closeout: 'completed',
    });
    const { items } = await find('sort=urgency&limit=1000');
    const closed = (item: Item) => ['cleared', 'referred', 'lost'].includes(item.status);
    const firstClosed = items.findIndex(closed);
    expect(firstClosed).toBeGreaterThan(0);
    expect(items.slice(firstClosed).every(closed)).toBe(true);
    expect(refs({ items }).indexOf(closedHigh)).toBeGreaterThanOrEqual(firstClosed);
    const open = items.slice(0, firstClosed);
    const rank = { high: 0, medium: 1, low: 2 } as const;
    const ranks = open.map((item) => rank[item.risk as keyof typeof rank]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(open[0]?.risk).toBe('high');
    expect(open[0]?.status).toBe('new');
  });

  test('pages newest first without repeating or skipping a row', async () => {
    const all = refs(await find('limit=1000'));
    const first = await (
      await SELF.fetch(`${SITE}/staff/declarations/?limit=2`, { headers: ADMIN })
    ).text();
    const next = /href="\/staff\/declarations\/\?([^"]*after=[^"]+)"/
      .exec(first)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    const second = await find(next ?? '');
    expect(refs(second).slice(0, 2)).toEqual(all.slice(2, 4));
  });
});

describe('working on many rows', () => {
  test('changes the status of the checked rows, each audited, and only in the worker’s grid', async () => {
    const body = new URLSearchParams([
      ['reference', ref.gao],
      ['reference', ref.gaoOther],
      ['status', 'contacted'],
      ['back', '?q=gao'],
    ]);
    const answer = await SELF.fetch(`${SITE}/staff/declarations/bulk-status`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...GRID_2, Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('Location')).toBe('/staff/declarations/?q=gao');
    const status = async (reference: string) =>
      (
        await env.LEDGER.prepare('SELECT status FROM declarations WHERE reference = ?')
          .bind(reference)
          .first<{ status: string }>()
      )?.status;
    expect(await status(ref.gao)).toBe('contacted');
    expect(await status(ref.gaoOther)).toBe('new');
    expect(await count('audit_log', "action = 'status' AND reference = ?", ref.gao)).toBe(1);
    expect(await count('follow_ups', 'reference = ?', ref.gaoOther)).toBe(0);
  });

  test('says what is missing when nothing is checked', async () => {
    const answer = await SELF.fetch(`${SITE}/staff/declarations/bulk-status`, {
      method: 'POST',
      headers: { ...ADMIN, Origin: SITE, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'status=contacted',
    });
    expect(answer.status).toBe(422);
    expect(await answer.text()).toContain('请先勾选要更新的报备');
  });
});

describe('possible duplicates', () => {
  test('flags the same ID number arriving within a week, and one ID under two names, never merging', async () => {
    const idNumber = newResidentId();
    const first = await file({
      idNumber,
      name: '刘春花',
      arrivalDate: today,
      departureDate: addDays(today, -1),
    });
    const second = await file({
      idNumber,
      name: '刘春华',
      arrivalDate: addDays(today, -3),
      departureDate: addDays(today, -4),
    });
    expect(first).not.toBe(second);
    const { items } = await find(`q=${idNumber}`);
    expect(items).toHaveLength(2);
    expect(items.every((item) => item.possibleDuplicate)).toBe(true);
    const page = await (
      await SELF.fetch(`${SITE}/staff/declarations/?q=${idNumber}`, { headers: ADMIN })
    ).text();
    expect(page).toContain('可能重复：同一证件号码有不同姓名');
    const alone = await find(`q=${ref.sun}`);
    expect(alone.items[0]?.possibleDuplicate).toBe(false);
  });
});

describe('the list page', () => {
  test('is a table with a check box and a call button on every row', async () => {
    const page = await (
      await SELF.fetch(`${SITE}/staff/declarations/?q=${ref.gao}`, { headers: ADMIN })
    ).text();
    expect(page).toContain('<table class="ledger">');
    expect(page).toContain(`value="${ref.gao}"`);
    expect(page).toContain(`formaction="/staff/declarations/${ref.gao}/call"`);
    expect(page).toContain('高**');
    expect(page).not.toContain('13722223333');
  });

  test('exports only what the search found', async () => {
    const csv = await (
      await SELF.fetch(`${SITE}/staff/export?format=csv&q=${ref.sun}`, { headers: ADMIN })
    ).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain('孙海燕');
  });
});

describe('export scoping', () => {
  test('gives a grid worker only their grid’s readings and follow-ups, in CSV and in the workbook', async () => {
    const mine = await seedDeclaration({ areaId: 'xixi-1', name: '冯晓梅' });
    const theirs = await seedDeclaration({ areaId: 'hexiang-yuan', name: '蒋德明' });
    for (const reference of [mine, theirs]) {
      await saveReading(env.LEDGER, {
        reference,
        date: today,
        period: 'am',
        temperature: 36.5,
        symptoms: '[]',
        test_result: null,
        note: '',
        alert: 0,
        method: 'phone',
        recorded_by: 'test',
        at: new Date().toISOString(),
      });
      await addFollowUp(env.LEDGER, reference, {
        at: new Date().toISOString(),
        actor: 'test',
        status: 'contacted',
        note: '已电话联系',
      });
    }
    for (const table of ['readings', 'follow-ups']) {
      const csv = await (
        await SELF.fetch(`${SITE}/staff/export?format=csv&table=${table}&grid=grid-5`, {
          headers: GRID_2,
        })
      ).text();
      expect(csv, table).toContain(mine);
      expect(csv, table).not.toContain(theirs);
      expect(csv, table).not.toContain('蒋德明');
      const all = await (
        await SELF.fetch(`${SITE}/staff/export?format=csv&table=${table}`, { headers: ADMIN })
      ).text();
      expect(all, table).toContain(theirs);
    }
    const workbook = unzipSync(
      new Uint8Array(
        await (
          await SELF.fetch(`${SITE}/staff/export?format=xlsx`, { headers: GRID_2 })
        ).arrayBuffer(),
      ),
    );
    const sheets = Object.entries(workbook)
      .filter(([name]) => name.startsWith('xl/worksheets/'))
      .map(([, bytes]) => new TextDecoder().decode(bytes))
      .join('');
    expect(sheets).toContain(mine);
    expect(sheets).not.toContain(theirs);
  });
});
