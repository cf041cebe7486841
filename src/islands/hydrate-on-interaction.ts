/**
 * The `client:interaction` directive: hydrates an island on the first touch, key, focus or input
 * inside it, or at once when session storage holds the key given as the directive's value.
 */
// Issue 15: the declaration form is plain HTML that works as it is; its JavaScript (checking,
// the region cascade, retry) only matters once someone fills it in, so phones on a weak network
// spend nothing on it while the page loads. A draft kept through a reload (the value names its
// session-storage key) needs the island at once, to put the answers back.
import type { ClientDirective } from 'astro';

declare module 'astro' {
  interface AstroClientDirectives {
    /** Hydrate on first interaction; the value is a session-storage key that hydrates at once. */
    'client:interaction'?: string | boolean;
  }
}

// `focusin` covers keyboards and screen readers, `pointerdown` touch before the focus lands,
// `input`/`change` autofill, which fills fields without focusing them.
const EVENTS = ['focusin', 'pointerdown', 'keydown', 'input', 'change'] as const;

function stored(key: string): boolean {
  try {
    return key !== '' && sessionStorage.getItem(key) !== null;
  } catch {
    // Storage may be blocked: then there is nothing to restore either.
    return false;
  }
}

const directive: ClientDirective = (load, options, element) => {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    for (const type of EVENTS) element.removeEventListener(type, start, true);
    void load().then((hydrate) => hydrate());
  };
  if (stored(options.value)) {
    start();
    return;
  }
  for (const type of EVENTS)
    element.addEventListener(type, start, { capture: true, passive: true });
};

export default directive;
