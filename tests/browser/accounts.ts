/** Staff credentials the browser tests' wrangler dev is started with (global-setup.ts). */
export const ADMIN_TOKEN = 'browser-admin-token';
export const GRID_2_TOKEN = 'browser-grid-2-token';
