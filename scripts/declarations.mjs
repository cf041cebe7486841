// Valid declarations for the scripts that load the API (bench, crash test, fuzz): each one a new
// person with a real GB 11643 check digit, so the API takes every one as a new declaration.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits. */
export function residentIdCheck(first17) {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i], 0);
  return '10X98765432'[sum % 11];
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export const addDays = (date, days) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Today in Asia/Shanghai, the day the API checks dates against. */
export const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The `index`-th of up to 1.5 million different valid people (birth date and sequence vary),
 * filing a plain declaration arriving today; `run` keeps runs apart in a shared ledger.
 */
export function validDeclaration(
  index,
  { run = 0, areaId = 'dongshan-1', today = shanghaiToday() } = {},
) {
  const day = new Date(Date.UTC(1960 + (run % 40), 0, 1) + Math.floor(index / 1000) * 86_400_000);
  const birth = day.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `330106${birth}${String(index % 1000).padStart(3, '0')}`;
  return {
    name: '张建国',
    idType: 'resident_id',
    idNumber: first17 + residentIdCheck(first17),
    phone: `138${String(index % 100_000_000).padStart(8, '0')}`,
    areaId,
    addressDetail: `东山村${(index % 300) + 1}号`,
    originRegion: '330106',
    departureDate: addDays(today, -1),
    arrivalDate: today,
    transport: 'train',
    transportDetail: 'G7512',
    viaRiskArea: false,
    healthCode: 'green',
    symptoms: [],
    nucleicTest: 'negative',
    nucleicTestDate: addDays(today, -1),
    closeContact: false,
    companions: 0,
    consent: true,
  };
}

/**
 * Runs `task(i)` for i in 0…count-1 with at most `concurrency` at once; resolves to the results
 * in order. `shouldStop()` ends it early (the tasks already running finish).
 */
export async function pool(count, concurrency, task, shouldStop = () => false) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count && !shouldStop()) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/**
 * A client address for request `index`, so a load from one machine is not one address for the
 * per-address rate limit (locally `wrangler dev` takes `CF-Connecting-IP` as sent; on Cloudflare
 * it is always the real address).
 */
export const clientAddress = (index) => `198.51.${Math.floor(index / 100) % 250}.${index % 100}`;
