/** One province's cities and counties, fetched by the form's region picker when it is chosen. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { provinceChunk, provinces } from '../../../lib/regions';

export const getStaticPaths = (() =>
  provinces().map((province) => ({
    params: { province: province.code },
  }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params }) => {
  const chunk = provinceChunk(params.province ?? '');
  if (!chunk) return new Response('未知省份', { status: 404 });
  return new Response(JSON.stringify(chunk), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
