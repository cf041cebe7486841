/**
 * The checked community and policy as one JSON file, for the Worker: it reads this through its
 * ASSETS binding, so the site and the API always agree on areas, grids and rules, and its links
 * use the public address the pages were built for (`address`, an origin). `builtFor` is the day
 * the pages were built for, which the tests check before reading the build.
 */
import type { APIRoute } from 'astro';
import { getCommunity, getPolicy, today } from '../../utils/content';

export const GET: APIRoute = async ({ site }) => {
  const community = await getCommunity();
  const policy = await getPolicy();
  return new Response(
    JSON.stringify({ community, policy, address: site?.origin, builtFor: today }),
    {
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    },
  );
};
