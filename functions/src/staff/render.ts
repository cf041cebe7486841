/**
 * Staff pages: a Preact view rendered to a string (preact-render-to-string escapes every value,
 * so what residents typed can never become markup) inside the shell Astro built at /staff/.
 */
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { builtPage, htmlPage } from '../http';

/** Who the page is for: admins see the admin-only links of the shell. */
export interface Viewer {
  grid: string;
}

/** The staff shell with `view` as its main content and `title` in the title bar. */
export async function staffPage(
  env: Env,
  viewer: Viewer | undefined,
  title: string,
  view: VNode,
  status = 200,
  headers: Record<string, string> = {},
): Promise<Response> {
  const content = renderToString(view);
  const rewriter = new HTMLRewriter()
    .on('title', { element: (element) => void element.setInnerContent(`${title} - 防疫工作台`) })
    .on('#staff-main', {
      element: (element) => void element.setInnerContent(content, { html: true }),
    })
    .on('[data-admin-only]', {
      element: (element) => {
        if (viewer?.grid !== '*') element.remove();
      },
    })
    .on('[data-signed-in]', {
      element: (element) => {
        if (!viewer) element.remove();
      },
    });
  return htmlPage(await builtPage(env, '/staff/'), rewriter, status, headers);
}
