/** The Worker's region table, read province by province from the built site's region files. */
import { env } from 'cloudflare:test';
import { describe, expect, test } from 'vitest';
import { isKnownRegion, loadRegions, regionName } from '../src/regions';

describe('the region table in the Worker', () => {
  test('knows the regions of a province once that province is loaded', async () => {
    expect(regionName('420103')).toBeUndefined();
    await loadRegions(env, ['420103']);
    expect(regionName('420103')).toBe('湖北省武汉市江汉区');
    expect(isKnownRegion('420000')).toBe(true);
    expect(isKnownRegion('429004')).toBe(true);
    expect(isKnownRegion('420199')).toBe(false);
  });

  test('keeps what it loaded and loads each further province once', async () => {
    await loadRegions(env, ['440305', '440106', 'not-a-code', '']);
    expect(regionName('440305')).toBe('广东省深圳市南山区');
    expect(regionName('420103')).toBe('湖北省武汉市江汉区');
  });

  test('answers no for a province that does not exist, without failing', async () => {
    await loadRegions(env, ['990101']);
    expect(isKnownRegion('990101')).toBe(false);
    expect(regionName('990101')).toBeUndefined();
  });
});
