/**
 * The community and policy the site was built with, read once per isolate from the built
 * `/data/site.json` through the ASSETS binding, so the API and the pages never disagree.
 */
import * as z from 'zod/mini';
import type { Same } from './same-shape';
import type { Area, Community, Grid } from '../../src/schemas/content';
import { HEALTH_CODES, NUCLEIC_TESTS, SYMPTOMS } from '../../src/schemas/declaration';
import type { Policy } from '../../src/schemas/policy';

// Structural on purpose, like the queue message (message.ts): the build checked every rule of
// community.yaml and policy.yaml with the content schemas and their Chinese messages; this checks
// that the file the Worker reads back is the shape it relies on.
const text = z.string();
const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const level = z.enum(['high', 'medium']);

const CommunityShape = z.object({
  name: text,
  district: text,
  siteUrl: z.optional(text),
  dutyPhone: text,
  reportPhone: text,
  feverClinic: z.object({ name: text, address: text, phone: text, hours: text }),
  retentionDays: z.int(),
  grids: z.array(
    z.object({ id: text, name: text, leader: text, phone: text, notify: z.optional(text) }),
  ),
  areas: z.array(
    z.object({ id: text, name: text, kind: z.enum(['村民小组', '小区', '村']), grid: text }),
  ),
});

const rule = z.object({
  closeContact: z.optional(z.boolean()),
  viaRiskArea: z.optional(z.boolean()),
  originInRiskArea: z.optional(z.array(level)),
  healthCodes: z.optional(z.array(z.enum(HEALTH_CODES))),
  symptoms: z.optional(z.array(z.enum(SYMPTOMS))),
  temperatureAtLeast: z.optional(z.number()),
  nucleicTests: z.optional(z.array(z.enum(NUCLEIC_TESTS))),
});
const outcome = z.object({
  measures: z.array(text),
  monitoringDays: z.int(),
  testDays: z.array(z.int()),
});

const PolicyShape = z.object({
  riskAreas: z.array(z.object({ code: text, name: text, level, since: date })),
  riskAreasUpdated: z.optional(date),
  rules: z.object({ high: rule, medium: rule }),
  outcomes: z.object({ high: outcome, medium: outcome, low: outcome }),
});

/** `/data/site.json` as the build writes it (src/pages/data/site.json.ts). */
const SiteSchema = z.object({
  community: CommunityShape,
  policy: PolicyShape,
  address: z.url(),
  builtFor: date,
});

/** The checked content the Worker needs. */
export interface Site {
  community: Community;
  policy: Policy;
  /** The public origin the pages were built for (community.yaml `siteUrl`, or a local preview). */
  address: string;
  /** The day (Asia/Shanghai) the pages were built for. */
  builtFor: string;
}

// The shapes must be exactly what the content schemas produce: a field added there and forgotten
// here fails the type-check.
const sameSite: Same<z.output<typeof SiteSchema>, Site> = true;
void sameSite;

let cached: Promise<Site> | undefined;

/** The site data; a missing build is a deploy error, reported as such. */
export function loadSite(env: Env): Promise<Site> {
  if (cached) return cached;
  const pending = env.ASSETS.fetch('https://assets.invalid/data/site.json')
    .then(async (response) => {
      if (!response.ok) {
        throw new Error(`data/site.json missing (${response.status}): run npm run build`);
      }
      const site = SiteSchema.safeParse(await response.json());
      if (!site.success) {
        const where = site.error.issues.map((issue) => issue.path.join('.')).join(', ');
        throw new Error(
          `data/site.json is not what this Worker expects (${where}): rebuild with npm run build`,
        );
      }
      return site.data;
    })
    .catch((error: unknown) => {
      // Not cached: the next request tries again rather than failing for the isolate's life.
      cached = undefined;
      throw error;
    });
  cached = pending;
  return pending;
}

/** The grid `gridId` names; a ledger row keeps the grid it was routed to, even if its area moved. */
export const gridById = (site: Site, gridId: string | undefined): Grid | undefined =>
  site.community.grids.find((grid) => grid.id === gridId);

/** A grid's name for pages and exports, or its id when community.yaml no longer lists it. */
export const gridNameOf = (site: Site, gridId: string): string =>
  gridById(site, gridId)?.name ?? gridId;

/** An area's name for pages and exports, or its id when community.yaml no longer lists it. */
export const areaNameOf = (site: Site, areaId: string): string =>
  site.community.areas.find((area) => area.id === areaId)?.name ?? areaId;

/** The area an id names and the grid that covers it (community.yaml routes areas to grids). */
export function routeOf(site: Site, areaId: string): { area?: Area; grid?: Grid } {
  const area = site.community.areas.find((item) => item.id === areaId);
  const grid = gridById(site, area?.grid);
  return { ...(area && { area }), ...(grid && { grid }) };
}
