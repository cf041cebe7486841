/**
 * The web editor's content check in a Web Worker. Vite bundles a worker on its own, so the zod
 * code the content schemas need stays out of the chunks the declaration form shares with the
 * rest of the site (PRODUCT.md §8: all the form's JavaScript ≤ 30 KB gzip, zod included).
 * It answers each request with the problem text, or null.
 */
import { contentProblem } from './content-check';

export interface ContentCheckRequest {
  path: string;
  data: Record<string, unknown>;
}

self.addEventListener('message', ({ data }: MessageEvent<ContentCheckRequest>) => {
  self.postMessage(contentProblem(data.path, data.data) ?? null);
});
