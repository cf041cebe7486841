/**
 * Province → city → county picker for `originRegion`. Each province's cities and counties are
 * fetched only when that province is chosen (/data/regions/<code>.json), keeping the form's JS
 * small on a weak network; the chosen deepest code goes into one hidden `originRegion` input.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  provinceCodeOf,
  regionTableFromChunks,
  type ProvinceChunk,
  type Region,
  type RegionTable,
} from '../lib/regions';
import { described } from './fields';

/** The provinces as one short string (`11北京市12天津市…`), a tenth the size of JSON props. */
export function encodeProvinces(provinces: readonly Region[]): string {
  return provinces.map((region) => `${region.code.slice(0, 2)}${region.name}`).join('');
}

/** The provinces back from {@link encodeProvinces}. */
export function decodeProvinces(encoded: string): Region[] {
  return [...encoded.matchAll(/(\d{2})(\D+)/g)].map(([, prefix = '', name = '']) => ({
    code: `${prefix}0000`,
    name,
  }));
}

const chunks = new Map<string, ProvinceChunk>();

/** The table over the provinces loaded so far; the schema asks it whether a code is known. */
export let loadedRegions: RegionTable = regionTableFromChunks([]);

async function loadProvince(code: string): Promise<void> {
  if (chunks.has(code)) return;
  const response = await fetch(`/data/regions/${code}.json`);
  if (!response.ok) throw new Error(`regions ${response.status}`);
  chunks.set(code, (await response.json()) as ProvinceChunk);
  loadedRegions = regionTableFromChunks(chunks.values());
}

interface Props {
  provinces: readonly Region[];
  /** A region already chosen (a kept draft, or the plain select before the island woke up). */
  initial?: string | undefined;
  error: string | undefined;
  /** Called after a province's data arrives, so the form can re-check the field. */
  onLoaded: () => void;
}

function Select(props: {
  id: string;
  label: string;
  value: string;
  options: readonly Region[];
  onChange: (value: string) => void;
  invalid?: boolean;
}) {
  return (
    <div class="region-level">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        aria-invalid={props.invalid ? 'true' : undefined}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        <option value="">请选择</option>
        {props.options.map((region) => (
          <option key={region.code} value={region.code}>
            {region.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The three-level picker; renders only after hydration (the no-JS form has a single select). */
export function RegionPicker({ provinces, initial, error, onLoaded }: Props) {
  const [path, setPath] = useState<string[]>([]);
  const [failed, setFailed] = useState('');
  // Bumped when a province's data arrives, so its cities render.
  const [, setLoads] = useState(0);
  const [province = '', city = '', county = ''] = path;
  const aria = described('originRegion', error, true);
  // Gone once 「清空重新填写」 replaces the picker: a province that arrives later is not its business.
  const shown = useRef(true);

  const pick = async (level: number, code: string, then?: string) => {
    setPath([...path.slice(0, level), code].filter(Boolean));
    if (level !== 0 || !code) return;
    try {
      setFailed('');
      await loadProvince(code);
      if (!shown.current) return;
      // The rest of a region chosen before, once its province's cities are known.
      if (then !== undefined && loadedRegions.has(then)) setPath(loadedRegions.ancestors(then));
      setLoads((count) => count + 1);
      onLoaded();
    } catch {
      setFailed(code);
    }
  };
  useEffect(() => {
    const province = provinces.find((region) => region.code === provinceCodeOf(initial ?? ''));
    if (initial && province) void pick(0, province.code, initial);
    // Only the region given when the picker appears; later changes are the person's own.
    return () => {
      shown.current = false;
    };
  }, []);
  const cities = province ? loadedRegions.children(province) : [];
  const counties = city ? loadedRegions.children(city) : [];

  return (
    <div class="region-picker" aria-describedby={aria['aria-describedby']}>
      <input type="hidden" name="originRegion" value={county || city || province} />
      <Select
        id={`${aria.id}-province`}
        label="省份"
        value={province}
        options={provinces}
        invalid={!!error}
        onChange={(code) => void pick(0, code)}
      />
      {failed && (
        <p class="field-error" role="status">
          地区列表没有加载出来，可能是网络不好。
          <button type="button" class="link-button" onClick={() => void pick(0, failed)}>
            重新加载
          </button>
        </p>
      )}
      {cities.length > 0 && (
        <Select
          id={`${aria.id}-city`}
          label="城市或区县"
          value={city}
          options={cities}
          onChange={(code) => void pick(1, code)}
        />
      )}
      {counties.length > 0 && (
        <Select
          id={`${aria.id}-county`}
          label="区县（选填）"
          value={county}
          options={counties}
          onChange={(code) => void pick(2, code)}
        />
      )}
    </div>
  );
}
