/** Staff pages: a view inside the staff shell Astro built at /staff/. */
import type { VNode } from 'preact';
import { shellPage } from '../render';

/** Who the page is for: admins see the admin-only links of the shell. */
export interface Viewer {
  grid: string;
}

/** The staff shell with `view` as its main content and `title` in the title bar. */
export function staffPage(
  env: Env,
  viewer: Viewer | undefined,
  title: string,
  view: VNode,
  status = 200,
  headers: Record<string, string> = {},
): Promise<Response> {
  const shell = {
    path: '/staff/',
    main: '#staff-main',
    suffix: ' - 防疫工作台',
    rewrite: (rewriter: HTMLRewriter) =>
      rewriter
        .on('[data-admin-only]', {
          element: (element) => {
            if (viewer?.grid !== '*') element.remove();
          },
        })
        .on('[data-signed-in]', {
          element: (element) => {
            if (!viewer) element.remove();
          },
        }),
  };
  return shellPage(env, shell, title, view, status, headers);
}
