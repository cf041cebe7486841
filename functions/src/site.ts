/**
 * The community and policy the site was built with, read once per isolate from the built
 * `/data/site.json` through the ASSETS binding, so the API and the pages never disagree.
 */
import type { Area, Community, Grid } from '../../src/schemas/content';
import type { Policy } from '../../src/schemas/policy';

/** The checked content the Worker needs. */
export interface Site {
  community: Community;
  policy: Policy;
  /** The public origin the pages were built for (community.yaml `siteUrl`, or a local preview). */
  address: string;
  /** The day (Asia/Shanghai) the pages were built for. */
  builtFor: string;
}

let cached: Promise<Site> | undefined;

/** The site data; a missing build is a deploy error, reported as such. */
export function loadSite(env: Env): Promise<Site> {
  cached ??= env.ASSETS.fetch('https://assets.invalid/data/site.json').then(async (response) => {
    if (!response.ok) {
      cached = undefined;
      throw new Error(`data/site.json missing (${response.status}): run npm run build`);
    }
    return (await response.json()) as Site;
  });
  return cached;
}

/** The area an id names and the grid that covers it (community.yaml routes areas to grids). */
export function routeOf(site: Site, areaId: string): { area?: Area; grid?: Grid } {
  const area = site.community.areas.find((item) => item.id === areaId);
  const grid = site.community.grids.find((item) => item.id === area?.grid);
  return { ...(area && { area }), ...(grid && { grid }) };
}
