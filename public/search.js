// The search page's results (src/pages/search/index.astro), loaded only when the address has a
// query: neither this code nor Pagefind's index is downloaded until someone searches.
const query = new URLSearchParams(location.search).get('q')?.trim();
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const input = document.getElementById('q');
if (query && input instanceof HTMLInputElement) input.value = query;

// Pagefind joins a heading and its text with ". "; Chinese reads better with a full stop.
const tidy = (excerpt) => excerpt.replaceAll('. ', '。').replace(/^[；，。、\s]+/, '');

async function run(q) {
  if (!status || !list) return;
  status.textContent = '正在搜索…';
  try {
    const pagefind = await import('/pagefind/pagefind.js');
    const found = await pagefind.search(q);
    const items = await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
    for (const item of items) {
      // On a page of many answers (the FAQ), link straight to the matching question.
      const best = item.sub_results?.find((sub) => sub.url.includes('#'));
      const li = document.createElement('li');
      const link = document.createElement('a');
      link.href = best?.url ?? item.url;
      link.textContent = best ? `${best.title}（${item.meta.title}）` : item.meta.title;
      const excerpt = document.createElement('p');
      // Pagefind escapes the page text; its only markup is <mark>.
      excerpt.innerHTML = tidy(best?.excerpt ?? item.excerpt);
      li.append(link, excerpt);
      list.append(li);
    }
    status.textContent = items.length
      ? `找到${found.results.length}条与“${q}”有关的内容`
      : `没有找到与“${q}”有关的内容，换个词试试`;
  } catch {
    status.textContent = '搜索暂时用不了，请检查网络后再试';
  }
}

if (query) void run(query);
