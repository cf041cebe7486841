/**
 * The GB/T 2260 region table for the Worker, read province by province from the site's own
 * `/data/regions/<code>.json` files through ASSETS: the whole table is a fifth of the 100 KB
 * bundle budget (PRODUCT.md §8), and a request needs one province, an export a few.
 */
import {
  provinceCodeOf,
  regionTableFromChunks,
  type ProvinceChunk,
  type RegionTable,
} from '../../src/lib/regions';

// Per isolate; `null` marks a code that is not a province, so it is asked for once.
const chunks = new Map<string, ProvinceChunk | null>();
let table: RegionTable = regionTableFromChunks([]);

/** Loads the provinces of `codes` (any city or county code names its province) into the table. */
export async function loadRegions(env: Env, codes: Iterable<string>): Promise<void> {
  const wanted = new Set<string>();
  for (const code of codes) {
    if (/^\d{6}$/.test(code) && !chunks.has(provinceCodeOf(code))) wanted.add(provinceCodeOf(code));
  }
  if (wanted.size === 0) return;
  await Promise.all(
    [...wanted].map(async (province) => {
      const response = await env.ASSETS.fetch(
        `https://assets.invalid/data/regions/${province}.json`,
      );
      if (response.status === 404) chunks.set(province, null);
      else if (!response.ok) {
        throw new Error(`data/regions/${province}.json: ${response.status}; run npm run build`);
      } else chunks.set(province, await response.json());
    }),
  );
  table = regionTableFromChunks([...chunks.values()].filter((chunk) => chunk !== null));
}

/** True when `code` is a region of a province loaded by {@link loadRegions}. */
export function isKnownRegion(code: string): boolean {
  return table.has(code);
}

/** The full name of `code` (`湖北省武汉市江汉区`) once its province is loaded, else undefined. */
export function regionName(code: string): string | undefined {
  return table.fullName(code);
}
