// Inlined, blocking, in every page's <head> (src/layouts/Base.astro) so large text applies before
// the first paint: no flash of small text. It also shows the 大字 toggle and the page tools
// (朗读 only where the phone has a Chinese voice), loads the tools' code on the first tap
// (src/scripts/tools.ts) and the search page's code when it has a query (public/search.js),
// registers the offline service worker and shows the links to what this phone kept. Kept under 1 KB
// (PRODUCT.md §8); the CSP allows it by hash (astro.config.mjs). Only what the reader sees at once
// runs at DOMContentLoaded; the tools' voice check and the service worker wait for `load`, so they
// never lengthen the task that lays out the page (issue 15: TBT).
(() => {
  const doc = document;
  const root = doc.documentElement;
  const key = 'firstline-text-size';
  const all = (selector) => doc.querySelectorAll(selector);
  const load = (src) => doc.head.append(Object.assign(doc.createElement('script'), { src }));
  try {
    if (localStorage.getItem(key) === 'large') root.classList.add('large');
  } catch {
    // Storage may be blocked; the default size is fine.
  }
  addEventListener('DOMContentLoaded', () => {
    // Every page of the layout has the button (src/layouts/Base.astro).
    const button = doc.getElementById('text-size');
    button.hidden = false;
    button.ariaPressed = root.classList.contains('large');
    button.onclick = () => {
      const large = root.classList.toggle('large');
      try {
        localStorage.setItem(key, large ? 'large' : '');
      } catch {
        // Not remembered, but still applied to this page.
      }
      button.ariaPressed = large;
    };
    // The search page's results: its code and Pagefind's index only once there is a query (only
    // the search page is ever linked with one; on another page search.js finds nothing to do).
    if (/[?&]q=[^&]/.test(location.search)) load('/search.js');
    // What this phone kept (the receipts page, a check-in link): a link marked data-kept="<key>"
    // shows up with the path stored under that key (src/islands/saved-receipts.ts, the check-in
    // page); no name, phone or ID number is ever stored. Last: blocked storage throws here.
    for (const link of all('[data-kept]')) {
      const kept = localStorage.getItem(link.dataset.kept);
      if (kept) link.hidden = !(link.href = kept);
    }
  });
  // The page's one load handler (nothing else sets it; a listener would not fit in 1 KB).
  onload = () => {
    const speech = window.speechSynthesis;
    const tools = () => {
      const voice = speech?.getVoices().some((v) => /^(zh|cmn).(CN|Hans)/i.test(v.lang));
      for (const tool of all('[data-tool]')) {
        tool.hidden = tool.dataset.tool === 'read' && !voice;
        // The first tap loads the tools, which take over every button and run this one.
        tool.onclick ||= () =>
          window.firstlineTap || load('/tools.js', (window.firstlineTap = tool));
      }
    };
    tools();
    // Chrome lists its voices only after `voiceschanged`; Safari lists them at once.
    speech?.addEventListener('voiceschanged', tools);
    navigator.serviceWorker?.register('/sw.js').catch(() => {});
  };
})();
