/**
 * Pages the Worker makes from a shell Astro built: a Preact view rendered to a string
 * (preact-render-to-string escapes every value, so what residents typed never becomes markup)
 * put into the shell's main element, with the shell's own CSP as a header.
 */
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { builtPage, htmlPage } from './http';

/** Where the view goes and what else changes in the shell. */
export interface Shell {
  /** The built page, e.g. `/staff/`. */
  path: string;
  /** The element whose content the view replaces, e.g. `#staff-main`. */
  main: string;
  /** The window title's suffix: `<title>{title}{suffix}</title>`. */
  suffix: string;
  /** More changes to the shell (links only some people see). */
  rewrite?: (rewriter: HTMLRewriter) => HTMLRewriter;
}

/** The shell with `view` as its main content and `title` in the title bar. */
export async function shellPage(
  env: Env,
  shell: Shell,
  title: string,
  view: VNode,
  status = 200,
  headers: Record<string, string> = {},
): Promise<Response> {
  const content = renderToString(view);
  const rewriter = new HTMLRewriter()
    .on('title', { element: (element) => void element.setInnerContent(`${title}${shell.suffix}`) })
    .on(shell.main, {
      element: (element) => void element.setInnerContent(content, { html: true }),
    });
  return htmlPage(
    await builtPage(env, shell.path),
    shell.rewrite?.(rewriter) ?? rewriter,
    status,
    headers,
  );
}
