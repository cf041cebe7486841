// Inlined, blocking, in every page's <head> (src/layouts/Base.astro) so large text applies before
// the first paint: no flash of small text. It also shows the 大字 toggle and registers the offline
// service worker. Kept under 1 KB (PRODUCT.md §8); the CSP allows it by hash (astro.config.mjs).
(function () {
  var root = document.documentElement;
  var key = 'firstline-text-size';
  try {
    if (localStorage.getItem(key) === 'large') root.classList.add('large');
  } catch {
    // Storage may be blocked; the default size is fine.
  }
  addEventListener('DOMContentLoaded', function () {
    var button = document.getElementById('text-size');
    if (!button) return;
    var show = function () {
      button.setAttribute('aria-pressed', String(root.classList.contains('large')));
    };
    button.hidden = false;
    show();
    button.addEventListener('click', function () {
      root.classList.toggle('large');
      try {
        localStorage.setItem(key, root.classList.contains('large') ? 'large' : '');
      } catch {
        // Not remembered, but still applied to this page.
      }
      show();
    });
  });
  if ('serviceWorker' in navigator) {
    addEventListener('load', function () {
      navigator.serviceWorker.register('/sw.js').catch(function () {});
    });
  }
})();
