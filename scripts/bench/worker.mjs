// Bench helpers: the Worker's bundle size and the CPU cost of validating the largest declaration.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { shanghaiToday } from '../declarations.mjs';
import { largestDeclaration } from './declaration.mjs';
import { gzipSize } from './pages.mjs';
import { wrangler } from './server.mjs';

/** gzip -9 bytes of the .js files `wrangler deploy --dry-run` writes (what would be uploaded). */
export function workerBundleGzip(outDir) {
  wrangler(['deploy', '--dry-run', '--outdir', outDir]);
  const files = readdirSync(outDir, { recursive: true }).filter((file) => /\.m?js$/.test(file));
  if (files.length === 0) throw new Error(`wrangler wrote no .js to ${outDir}`);
  return files.reduce((sum, file) => sum + gzipSize(readFileSync(join(outDir, file))), 0);
}

const SCHEMA = 'src/schemas/declaration.ts';
const REGIONS = 'src/lib/regions.ts';

/**
 * Median milliseconds per `safeParse` of the largest valid declaration (PRODUCT.md §6), in this
 * Node's V8, with zod in jitless mode as in workerd (which forbids eval). Returns
 * `{ pending: reason }` while the schema module or its `createDeclarationSchema` export is missing.
 */
export async function validationCost(root, tmpDir, { warmup = 500, parses = 2000 } = {}) {
  const schemaFile = join(root, SCHEMA);
  if (!existsSync(schemaFile)) return { pending: `${SCHEMA} missing` };
  // The Worker checks region codes with lib/regions; the schema takes that check as a parameter.
  const regionsFile = join(root, REGIONS);
  const lines = [
    `import * as declaration from ${JSON.stringify(schemaFile)};`,
    `export const createDeclarationSchema = declaration.createDeclarationSchema;`,
    existsSync(regionsFile)
      ? `export { isKnownRegion } from ${JSON.stringify(regionsFile)};`
      : 'export const isKnownRegion = undefined;',
  ];
  const { createDeclarationSchema, isKnownRegion } = await benchModule(
    root,
    tmpDir,
    lines,
    'declaration-bench.mjs',
  );
  if (typeof createDeclarationSchema !== 'function') {
    return { pending: 'createDeclarationSchema not exported' };
  }
  const community = parseYaml(readFileSync(join(root, 'content/community.yaml'), 'utf8'));
  const areaIds = (community.areas ?? []).map((area) => area.id);
  const today = shanghaiToday();
  const schema = createDeclarationSchema({ areaIds, today, isKnownRegion });
  const declaration = largestDeclaration(schema, { areaIds, today });
  if (declaration.invalid) return { error: `no valid largest declaration: ${declaration.invalid}` };
  const input = declaration.value;
  const ms = medianMs(() => schema.safeParse(input), { warmup, parses });
  return { ms, parses, bytes: Buffer.byteLength(JSON.stringify(input)) };
}

/**
 * Bundles `lines` (TypeScript importing the project's modules, zod switched to jitless mode as
 * workerd runs it, since it forbids eval) for this Node and imports the result.
 */
export async function benchModule(root, tmpDir, lines, name) {
  const { build } = await import('esbuild');
  const outfile = join(tmpDir, name);
  await build({
    stdin: {
      contents: [`import * as z from 'zod';`, `z.config({ jitless: true });`, ...lines].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** Median milliseconds of `run` over `parses` calls, after `warmup` calls. */
export function medianMs(run, { warmup, parses }) {
  for (let i = 0; i < warmup; i++) run();
  const times = new Float64Array(parses);
  for (let i = 0; i < parses; i++) {
    const start = performance.now();
    run();
    times[i] = performance.now() - start;
  }
  times.sort();
  return times[parses >> 1];
}
