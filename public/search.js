// The search page's results (src/pages/search/index.astro), loaded only when the address has a
// query: neither this code nor Pagefind's index is downloaded until someone searches.
//
// Pagefind's extended build already splits Chinese into words when it indexes and when it
// searches, but it then drops any word of the query the site does not contain ("xyz不存在" finds
// every page with 不) and ranks pages with the words apart like pages with the phrase. So the
// results here are checked against the page text: pages with the whole phrase first (those with
// it in the title before the rest), then, when they are few, pages that hold every word of it
// apart, and nothing else (issue 9.3).
const query = new URLSearchParams(location.search).get('q')?.trim();
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const input = document.getElementById('q');
if (query && input instanceof HTMLInputElement) input.value = query;

const MAX = 20;
// Below this many pages with the whole phrase, pages with its words apart are listed after them.
const FEW = 5;

// Pagefind joins a heading and its text with ". "; Chinese reads better with a full stop.
const tidy = (excerpt) => excerpt.replaceAll('. ', '。').replace(/^[；，。、\s]+/, '');

// Text compared without spaces and case, full-width letters and digits as half-width.
const plain = (text) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** The words of `part` as the browser segments Chinese, or the part itself where it cannot. */
function words(part) {
  if (typeof Intl.Segmenter !== 'function') return [part];
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return [...segmenter.segment(part)].filter((s) => s.isWordLike).map((s) => plain(s.segment));
}

/** Pagefind's results for `q` with their data, the first `limit` of them. */
async function found(pagefind, q, limit) {
  const { results } = await pagefind.search(q);
  return Promise.all(results.slice(0, limit).map((result) => result.data()));
}

/**
 * The results that hold every one of `needles`, those with all of them in the title first,
 * each with the section (a FAQ answer, a heading) where the first needle appears.
 */
function matching(items, needles) {
  const kept = [];
  for (const item of items) {
    const title = plain(item.meta.title ?? '');
    const text = title + plain(item.content);
    if (!needles.every((needle) => text.includes(needle))) continue;
    const section = item.sub_results?.find(
      (sub) => sub.url.includes('#') && plain(`${sub.title}${sub.excerpt}`).includes(needles[0]),
    );
    kept.push({ item, section, titled: needles.every((needle) => title.includes(needle)) });
  }
  // Sorting is stable: otherwise Pagefind's order stands.
  return kept.sort((a, b) => Number(b.titled) - Number(a.titled));
}

function show({ item, section }) {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = section?.url ?? item.url;
  link.textContent = section ? `${section.title}（${item.meta.title}）` : item.meta.title;
  const excerpt = document.createElement('p');
  // Pagefind escapes the page text; its only markup is <mark>.
  excerpt.innerHTML = tidy(section?.excerpt ?? item.excerpt);
  li.append(link, excerpt);
  list?.append(li);
}

async function run(q) {
  if (!status || !list) return;
  status.textContent = '正在搜索…';
  try {
    const pagefind = await import('/pagefind/pagefind.js');
    // Pagefind's own word and phrase searches; what they find is checked against the text.
    const [loose, exact] = await Promise.all([
      found(pagefind, q, MAX * 2),
      found(pagefind, `"${q.replaceAll('"', '')}"`, MAX),
    ]);
    const seen = new Set();
    // Pagefind's ranking of the word search leads; the phrase search adds pages it ranked too low.
    const items = [...loose, ...exact].filter((item) => !seen.has(item.url) && seen.add(item.url));
    // What people type: each part as written, or else every word of it somewhere on the page.
    const parts = q.split(/\s+/).map(plain).filter(Boolean);
    const results = matching(items, parts);
    let note = '';
    // Few pages with the phrase: pages with its words apart follow them, ranked below.
    const all = parts.flatMap(words);
    if (results.length < FEW && all.length > parts.length) {
      const phrased = new Set(results.map(({ item }) => item.url));
      const apart = matching(items, all).filter(({ item }) => !phrased.has(item.url));
      if (!results.length && apart.length)
        note = `没有完全一样的说法，下面的内容里有“${all.join('”“')}”这几个词。`;
      results.push(...apart);
    }
    results.slice(0, MAX).forEach(show);
    status.textContent = results.length
      ? `找到${Math.min(results.length, MAX)}条与“${q}”有关的内容。${note}`
      : `没有找到与“${q}”有关的内容，换个词试试，或者打24小时值班电话问一问。`;
  } catch {
    status.textContent = '搜索暂时用不了，请检查网络后再试。';
  }
}

if (query) void run(query);
