/**
 * The ledger's queries use the indexes that keep them fast at sub-district scale (issue 12:
 * 50,000 rows): SQLite's own EXPLAIN QUERY PLAN on the real local D1, for every kind of search,
 * the grid scope and both sort orders.
 */
import { env } from 'cloudflare:test';
import { describe, expect, test } from 'vitest';
import {
  countQuery,
  listQuery,
  sameIdNumbersQuery,
  type LedgerFilter,
  type Page,
} from '../src/db/ledger-query';
import { monitoredQuery, receivedQuery } from '../src/db/dashboard';
import { worklistQuery } from '../src/db/monitoring';
import { parseSearch } from '../src/staff/search';

async function plan(sql: string, values: (string | number | null)[]): Promise<string> {
  const { results } = await env.LEDGER.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...values)
    .all<{ detail: string }>();
  return results.map((row) => row.detail).join('\n');
}

const page: Page = { sort: 'time', today: '2026-12-03' };
const filter = (overrides: Partial<LedgerFilter> = {}): LedgerFilter => ({
  limit: 50,
  ...overrides,
});

describe('the ledger list', () => {
  test.each([
    [
      'a reference',
      '1234-5678-9',
      /SEARCH declarations USING INDEX sqlite_autoindex_declarations_1 \(reference=\?\)/,
    ],
    ['a phone number', '13722223333', /USING INDEX declarations_phone \(phone=\?\)/],
    ['an ID number', '11010519491231002X', /USING INDEX declarations_id_number \(id_number=\?\)/],
    ['the start of a name', '高文', /USING INDEX declarations_name \(name>\? AND name<\?\)/],
    [
      'the last four digits',
      '002X',
      /declarations_id_tail \(id_tail=\?\)[\s\S]*declarations_phone_tail \(phone_tail=\?\)/,
    ],
    [
      'the last six characters of an ID',
      '31002X',
      /USING INDEX declarations_id_tail \(id_tail=\?\)/,
    ],
  ])('searches %s through an index', async (_what, text, expected) => {
    const search = parseSearch(text);
    const { sql, values } = listQuery(filter({ search }), page);
    expect(await plan(sql, values)).toMatch(expected);
  });

  test('reads a grid newest first from its index, with no sort step', async () => {
    const { sql, values } = listQuery(filter({ gridId: 'grid-2' }), page);
    const steps = await plan(sql, values);
    expect(steps).toMatch(
      /SEARCH declarations USING INDEX declarations_grid_received \(grid_id=\?\)/,
    );
    expect(steps).not.toContain('TEMP B-TREE');
  });

  test('reads every grid newest first from the time index, with no sort step', async () => {
    const { sql, values } = listQuery(filter(), page);
    const steps = await plan(sql, values);
    expect(steps).toMatch(/SCAN declarations USING INDEX declarations_received/);
    expect(steps).not.toContain('TEMP B-TREE');
  });

  test('sorts a grid by urgency from its rows only, in the order of its index', async () => {
    const { sql, values } = listQuery(filter({ gridId: 'grid-2' }), { ...page, sort: 'urgency' });
    const steps = await plan(sql, values);
    expect(steps).toMatch(
      /SEARCH declarations USING COVERING INDEX declarations_grid_urgency \(grid_id=\?\)/,
    );
    expect(steps).toContain('USE TEMP B-TREE FOR LAST 3 TERMS OF ORDER BY');
  });

  test('sorts every grid by urgency in the order of its index, reading only the page’s rows', async () => {
    const { sql, values } = listQuery(filter(), { ...page, sort: 'urgency' });
    const steps = await plan(sql, values);
    expect(steps).toMatch(/SCAN declarations USING COVERING INDEX declarations_urgency\n/);
    // The first three keys come from the index; only the rest are sorted.
    expect(steps).toContain('USE TEMP B-TREE FOR LAST 3 TERMS OF ORDER BY');
    expect(steps).toMatch(/SEARCH d USING INDEX sqlite_autoindex_declarations_1 \(reference=\?\)/);
  });

  test('counts a grid’s arrivals in a date range from an index', async () => {
    const { sql, values } = countQuery(
      filter({ gridId: 'grid-2', arrivalFrom: '2026-12-01', arrivalTo: '2026-12-07' }),
    );
    expect(await plan(sql, values)).toMatch(
      /USING (COVERING )?INDEX declarations_grid_arrival \(grid_id=\? AND arrival_date>\? AND arrival_date<\?\)/,
    );
  });
});

describe('the duplicate flags', () => {
  test('look up the shown rows’ ID numbers in their index', async () => {
    const { sql, values } = sameIdNumbersQuery(['11010519491231002X', '330106198503010010']);
    const steps = await plan(sql, values);
    expect(steps).toMatch(
      /SEARCH declarations USING INDEX declarations_id_number \(id_number=\?\)/,
    );
    expect(steps).not.toMatch(/SCAN declarations\b/);
  });
});

describe('the worklist', () => {
  test('places a grid’s people under monitoring on a day from its covering index', async () => {
    const { sql, values } = worklistQuery('grid-2', '2026-12-03');
    expect(await plan(sql, values)).toMatch(
      /SEARCH d USING COVERING INDEX declarations_grid_monitoring \(grid_id=\? AND monitoring_until>\?\)/,
    );
  });

  test('places every grid’s people under monitoring from the covering index', async () => {
    const { sql, values } = worklistQuery(undefined, '2026-12-03');
    expect(await plan(sql, values)).toMatch(
      /SEARCH d USING COVERING INDEX declarations_monitoring \(monitoring_until>\?\)/,
    );
  });
});

describe('the dashboard', () => {
  test('counts a grid’s last days from its time index', async () => {
    const { sql, values } = receivedQuery('grid-2', '2026-11-20');
    expect(await plan(sql, values)).toMatch(
      /SEARCH declarations USING COVERING INDEX declarations_grid_received \(grid_id=\? AND received_at>\?\)/,
    );
  });

  test('counts every grid’s last days from the time index', async () => {
    const { sql, values } = receivedQuery(undefined, '2026-11-20');
    expect(await plan(sql, values)).toMatch(
      /SEARCH declarations USING COVERING INDEX declarations_received \(received_at>\?\)/,
    );
  });

  test('counts the people under monitoring and their readings of the day from indexes', async () => {
    for (const grid of ['grid-2', undefined]) {
      const { sql, values } = monitoredQuery(grid, '2026-12-03');
      const steps = await plan(sql, values);
      expect(steps).toMatch(
        grid
          ? /SEARCH d USING COVERING INDEX declarations_grid_monitoring \(grid_id=\? AND monitoring_until>\?\)/
          : /SEARCH d USING COVERING INDEX declarations_monitoring \(monitoring_until>\?\)/,
      );
      expect(steps).toMatch(/SEARCH c USING (COVERING )?INDEX \w+ \(reference=\? AND date=\?\)/);
    }
  });
});
