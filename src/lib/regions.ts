/** GB/T 2260 region codes: lookups over the whole table (build, Worker) or one province (browser). */
import { REGION_DATA } from './regions-data';

/** A region: its 6-digit GB/T 2260 code and its own name (`江汉区`, not the full name). */
export interface Region {
  code: string;
  name: string;
}

/**
 * One province's part of the table in a form that survives JSON: the site publishes one per
 * province as a small static file, so the browser fetches only the province a person picks.
 * `regions` holds `CCDD名称` pairs (last four digits of each city or county code, then its name).
 */
export interface ProvinceChunk {
  code: string;
  name: string;
  regions: string;
}

/** Lookups over some or all of the table; the same code serves the Worker and the browser. */
export interface RegionTable {
  /** True when `code` is a province, city or county in the table. */
  has(code: string): boolean;
  /** The full name from the province down (`湖北省武汉市江汉区`), or undefined. */
  fullName(code: string): string | undefined;
  /** The codes from the province down to `code` itself; empty for an unknown code. */
  ancestors(code: string): string[];
  /** The regions directly under `code`, in code order; empty for a county or an unknown code. */
  children(code: string): Region[];
  /** The provinces in the table, in code order. */
  provinces(): Region[];
}

const CODE = /^\d{6}$/;
const PAIR = /(\d{4})(\D+)/g;

/** The province-level code (`420000`) of any code under it (`420103`). */
export function provinceCodeOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

// GB/T 2260: a code's hierarchy is in its digits (2 province, 2 city, 2 county). Counties of the
// municipalities and the 省直辖县级行政区划 have no city in the table, so they hang under the
// province, as in 北京市东城区 or 湖北省仙桃市.
function parentOf(code: string, names: ReadonlyMap<string, string>): string | undefined {
  if (code.endsWith('0000')) return undefined;
  const city = `${code.slice(0, 4)}00`;
  return code !== city && names.has(city) ? city : provinceCodeOf(code);
}

/** A {@link RegionTable} over the given province chunks (one in the browser, all in the Worker). */
export function regionTableFromChunks(chunks: Iterable<ProvinceChunk>): RegionTable {
  const names = new Map<string, string>();
  const childLists = new Map<string, Region[]>();
  const provinceList: Region[] = [];
  for (const chunk of chunks) {
    names.set(chunk.code, chunk.name);
    provinceList.push({ code: chunk.code, name: chunk.name });
    const prefix = chunk.code.slice(0, 2);
    for (const match of chunk.regions.matchAll(PAIR)) {
      names.set(`${prefix}${match[1] ?? ''}`, match[2] ?? '');
    }
  }
  for (const [code, name] of names) {
    const parent = parentOf(code, names);
    if (parent === undefined) continue;
    const list = childLists.get(parent) ?? [];
    list.push({ code, name });
    childLists.set(parent, list);
  }
  const byCode = (a: Region, b: Region) => (a.code < b.code ? -1 : 1);
  provinceList.sort(byCode);
  for (const list of childLists.values()) list.sort(byCode);

  const ancestors = (code: string): string[] => {
    if (!CODE.test(code) || !names.has(code)) return [];
    const parent = parentOf(code, names);
    return parent === undefined ? [code] : [...ancestors(parent), code];
  };
  return {
    has: (code) => CODE.test(code) && names.has(code),
    fullName: (code) => {
      const path = ancestors(code);
      return path.length === 0 ? undefined : path.map((item) => names.get(item) ?? '').join('');
    },
    ancestors,
    children: (code) => [...(childLists.get(code) ?? [])],
    provinces: () => [...provinceList],
  };
}

/** Splits one generated line (`42湖北省0100武汉市…`) into a {@link ProvinceChunk}. */
function chunkFromLine(line: string): ProvinceChunk {
  const prefix = line.slice(0, 2);
  const rest = line.slice(2);
  const firstCode = rest.search(/\d/);
  const end = firstCode === -1 ? rest.length : firstCode;
  return { code: `${prefix}0000`, name: rest.slice(0, end), regions: rest.slice(end) };
}

let table: RegionTable | undefined;

// Built on first use, so a browser bundle that imports only regionTableFromChunks leaves the
// whole table out.
function fullTable(): RegionTable {
  table ??= regionTableFromChunks(REGION_DATA.map(chunkFromLine));
  return table;
}

/** True when `code` is a GB/T 2260 province, city or county code in the table. */
export function isKnownRegion(code: string): boolean {
  // Runs on every declaration, so it searches the province's line instead of building the table
  // (a cold build costs milliseconds of the Worker's CPU budget). Names hold no digits, so every
  // run of digits in a line is exactly one 4-digit code and a substring match cannot straddle two.
  if (!CODE.test(code)) return false;
  const line = provinceLine(code);
  return line !== undefined && (code.endsWith('0000') || line.includes(code.slice(2)));
}

/** The full name of `code` from the province down (`湖北省武汉市江汉区`), or undefined. */
export function regionName(code: string): string | undefined {
  return fullTable().fullName(code);
}

/** The codes from the province down to `code` (`['420000', '420100', '420103']`). */
export function regionAncestors(code: string): string[] {
  return fullTable().ancestors(code);
}

/** All provinces, autonomous regions, municipalities and SARs, in code order. */
export function provinces(): Region[] {
  return fullTable().provinces();
}

/** The regions directly under `code`: cities of a province (or counties, for 北京), counties of a city. */
export function childrenOf(code: string): Region[] {
  return fullTable().children(code);
}

function provinceLine(code: string): string | undefined {
  const prefix = code.slice(0, 2);
  return REGION_DATA.find((line) => line.startsWith(prefix));
}

/** The part of the table for the province of `code`, for publishing as a static JSON file. */
export function provinceChunk(code: string): ProvinceChunk | undefined {
  const line = provinceLine(code);
  return CODE.test(code) && line !== undefined ? chunkFromLine(line) : undefined;
}
