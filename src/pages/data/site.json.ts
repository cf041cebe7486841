/**
 * The checked community and policy as one JSON file, for the Worker: it reads this through its
 * ASSETS binding, so the site and the API always agree on areas, grids and rules.
 */
import type { APIRoute } from 'astro';
import { getCommunity, getPolicy } from '../../utils/content';

export const GET: APIRoute = async () => {
  const community = await getCommunity();
  const policy = await getPolicy();
  return new Response(JSON.stringify({ community, policy }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
