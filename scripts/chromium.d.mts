/** The flags that keep Chromium from reaching for the network (update checks, sync, QUIC). */
export declare const CHROMIUM_FLAGS: readonly string[];
