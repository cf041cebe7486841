// How this project starts Chromium, shared by the browser tests and the bench: Debian's binary
// (never a downloaded one) with the flags that keep it off the network on a closed machine.

/** The flags that keep Chromium from reaching for the network (update checks, sync, QUIC). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
