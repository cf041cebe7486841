/** The ledger as a workbench in workerd (issue 12): search, filters, sorting, paging, bulk, duplicates. */
import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, test } from 'vitest';
import { addDays, shanghaiDate } from '../../src/lib/dates';
import { declaration, newResidentId, postJson } from './fixtures';
import { consumed, count } from './ledger';

const SITE = 'https://firstline.test';
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const GRID_2 = { Authorization: 'Bearer test-grid-2-token' };
const today = shanghaiDate();

interface Item {
  reference: string;
  gridId: string;
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

describe('filters, sorting and paging', () => {
  test('filters by grid, area, arrival dates, risk and status', async () => {
    expect(
      (await find('grid=grid-2&area=xixi-2')).items.every((item) => item.gridId === 'grid-2'),
    ).toBe(true);
    expect(refs(await find(`arrivalFrom=${addDays(today, 1)}`))).not.toContain(ref.gao);
    expect(refs(await find(`arrivalTo=${today}&q=${ref.gao}`))).toEqual([ref.gao]);
    expect((await find('risk=high')).items.every((item) => item.risk === 'high')).toBe(true);
    expect((await find('status=cleared')).items.every((item) => item.status === 'cleared')).toBe(
      true,
    );
  });

  test('puts high risk not yet contacted first when sorted by urgency', async () => {
    const { items } = await find('sort=urgency&limit=1000');
    const rank = { high: 0, medium: 1, low: 2 } as const;
    const ranks = items.map((item) => rank[item.risk as keyof typeof rank]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(items[0]?.risk).toBe('high');
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
