// Inlined, blocking, in every page's <head> (src/layouts/Base.astro) so large text applies before
// the first paint: no flash of small text. It also shows the 大字 toggle and the page tools
// (朗读 only where the phone has a Chinese voice), loads the tools' code on the first tap
// (src/scripts/tools.ts), and registers the offline service worker. Kept under 1 KB
// (PRODUCT.md §8); the CSP allows it by hash (astro.config.mjs).
(() => {
  const root = document.documentElement;
  const key = 'firstline-text-size';
  const large = () => root.classList.contains('large');
  try {
    if (localStorage.getItem(key) === 'large') root.classList.add('large');
  } catch {
    // Storage may be blocked; the default size is fine.
  }
  addEventListener('DOMContentLoaded', () => {
    const button = document.getElementById('text-size');
    const show = () => button.setAttribute('aria-pressed', large());
    if (button) {
      button.hidden = false;
      show();
      button.onclick = () => {
        root.classList.toggle('large');
        try {
          localStorage.setItem(key, large() ? 'large' : '');
        } catch {
          // Not remembered, but still applied to this page.
        }
        show();
      };
    }
    const speech = window.speechSynthesis;
    let script;
    const tools = () => {
      const voice =
        speech && speech.getVoices().some((v) => /^(zh|cmn)[-_](CN|Hans)/i.test(v.lang));
      for (const tool of document.querySelectorAll('[data-tool]')) {
        tool.hidden = tool.dataset.tool === 'read' && !voice;
        tool.onclick = () =>
          window.firstlineTool
            ? window.firstlineTool(tool)
            : script ||
              document.head.append(
                (script = Object.assign(document.createElement('script'), {
                  src: '/tools.js',
                  onload: () => window.firstlineTool(tool),
                })),
              );
      }
    };
    tools();
    // Chrome lists its voices only after `voiceschanged`; Safari lists them at once.
    if (speech) speech.addEventListener('voiceschanged', tools);
  });
  if ('serviceWorker' in navigator)
    addEventListener('load', () => navigator.serviceWorker.register('/sw.js').catch(() => {}));
})();
