// Bench: what grows with content (issue 15.3). Builds the site with 100, 1,000 and 5,000
// generated notices into temporary folders and reports the files built (a Workers free plan takes
// at most 20,000 assets) and the pages among them per notice, the size of rss.xml and the build
// time per notice (it must stay flat: linear build time). Also the offline worker's first-visit
// download, from the built site.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { env, ROOT } from '../local-worker.mjs';

/** Notice counts the bench builds. */
export const SIZES = (process.env.BENCH_NOTICES ?? '100,1000,5000').split(',').map(Number);

/** Every file below `dir`. */
function files(dir) {
  return readdirSync(dir, { recursive: true }).filter((file) =>
    statSync(join(dir, String(file))).isFile(),
  );
}

/** A copy of content/ whose notices are `count` notices made from the sample ones. */
function generatedContent(dir, count) {
  cpSync(join(ROOT, 'content'), dir, { recursive: true });
  const samples = readdirSync(join(dir, 'notices')).map((file) =>
    readFileSync(join(dir, 'notices', file), 'utf8'),
  );
  rmSync(join(dir, 'notices'), { recursive: true });
  mkdirSync(join(dir, 'notices'));
  const day0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    const date = new Date(day0 + Math.floor((i * 86_400_000) / 3)).toISOString().slice(0, 10);
    const text = samples[i % samples.length]
      .replace(/^date: .*$/m, `date: ${date}`)
      .replace(/^updated: .*\n/m, '')
      .replace(/^draft: .*\n/m, '')
      // Expiry after the notice's own date, some already past, some ahead.
      .replace(/^expires: .*$/m, `expires: ${i % 2 ? '2099-12-31' : date}`)
      .replace(/^title: (.*)$/m, (_, title) => `title: ${title.slice(0, 50)}（${i + 1}）`);
    writeFileSync(join(dir, 'notices', `${date}-n${i + 1}.md`), text);
  }
}

/**
 * Builds `count` generated notices into `tmp`: `{ files, pages, rssBytes, seconds }` (pages are
 * the HTML files among the files), or `{ error }`.
 */
export function buildWithNotices(tmp, count) {
  const content = join(tmp, `content-${count}`);
  const out = join(tmp, `dist-${count}`);
  generatedContent(content, count);
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out],
    {
      cwd: ROOT,
      env: { ...env, FIRSTLINE_CONTENT_DIR: content },
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0)
    return { error: (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ') };
  const all = files(out);
  const built = {
    files: all.length,
    pages: all.filter((file) => String(file).endsWith('.html')).length,
    rssBytes: statSync(join(out, 'rss.xml')).size,
    seconds,
  };
  rmSync(content, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return built;
}

/**
 * What a phone downloads when the offline worker installs on a first visit, gzip -9 each: the
 * offline page and the page already open, fetched again to be kept (the home page here).
 */
export function firstVisitDownload() {
  const gz = (path) => gzipSync(readFileSync(join(ROOT, 'dist', path)), { level: 9 }).length;
  return { offline: gz('offline/index.html'), page: gz('index.html') };
}

/** The bench rows of what grows with content, and of the offline worker's first download. */
export function outputRows(tmp, log, { atMost, fmt, note }) {
  const rows = [
    {
      header: true,
      cells: ['notices', 'files built', 'pages per notice', 'rss.xml', 'ms per notice'],
    },
  ];
  let previous;
  for (const count of SIZES) {
    log(`building with ${fmt(count)} generated notices…`);
    const built = buildWithNotices(tmp, count);
    if (built.error) {
      rows.push({ cells: [fmt(count), note(`build failed: ${built.error}`, false)] });
      continue;
    }
    // Marginal build time per notice against the smaller build: flat when build time is linear.
    const perNotice = previous
      ? ((built.seconds - previous.seconds) * 1000) / (count - previous.count)
      : undefined;
    rows.push({
      cells: [
        fmt(count),
        atMost(built.files, BUDGET.files),
        // A small site is mostly its fixed pages (home, lists, FAQ…): no budget there.
        atMost(built.pages / count, count >= 1000 ? BUDGET.pagesPerNotice : undefined, (n) =>
          n.toFixed(2),
        ),
        atMost(built.rssBytes, BUDGET.rssBytes),
        perNotice === undefined
          ? note(`${built.seconds.toFixed(1)} s in all`)
          : atMost(perNotice, BUDGET.msPerNotice, (n) => n.toFixed(1)),
      ],
    });
    previous = { count, seconds: built.seconds };
  }
  const first = firstVisitDownload();
  rows.push({
    cells: [
      'offline worker, first visit',
      atMost(first.offline + first.page, BUDGET.firstVisit),
      note(`offline page ${fmt(first.offline)} + page kept ${fmt(first.page)}, gzip`),
    ],
  });
  return rows;
}

// The Workers free plan's limit on assets; about one page per notice (its own, and its share of
// the lists ten to a page); a feed of 50 items; build
// time as it was before (about 17 ms a notice, issue 15.3); the first visit's extra download at
// most one content page's budget (PRODUCT.md §8), where it used to fetch twelve pages.
const BUDGET = {
  files: 20_000,
  pagesPerNotice: 1.5,
  rssBytes: 64 * 1024,
  msPerNotice: 20,
  firstVisit: 14_600,
};
