/**
 * Content collections read from `content/` (PRODUCT.md §5). Each entry is checked by our own
 * schema before Astro sees it, so a wrong field stops the build with a Chinese message naming
 * the file and the field (see src/lib/content-errors.ts).
 */
import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { safeParse, type $ZodType } from 'zod/v4/core';
import { ContentError } from './lib/content-errors';
import { FILE_SCHEMAS, FOLDER_SCHEMAS } from './schemas/content-files';

const { notices, guides, faqs } = FOLDER_SCHEMAS;
const { community, policy } = FILE_SCHEMAS;

/** Where content lives; tests point this at fixtures to prove that bad content fails the build. */
const CONTENT_DIR = process.env['FIRSTLINE_CONTENT_DIR'] ?? './content';

function checked(file: string, schema: $ZodType, data: unknown) {
  const result = safeParse(schema, data);
  if (!result.success) throw new ContentError(file, result.error);
  return result.data;
}

/** Markdown files in `content/<folder>/`, each validated by `schema` with Chinese messages. */
function markdown(folder: string, schema: $ZodType): Loader {
  const inner = glob({ pattern: '**/*.{md,mdx}', base: `${CONTENT_DIR}/${folder}` });
  return {
    name: `firstline-${folder}`,
    load: (context) =>
      inner.load({
        ...context,
        parseData: async (props) => {
          const file = relative(process.cwd(), props.filePath ?? props.id);
          checked(file, schema, props.data);
          return context.parseData(props);
        },
      }),
  };
}

/** A single YAML file in `content/` as a one-entry collection. */
function yamlFile(name: string, schema: $ZodType): Loader {
  return {
    name: `firstline-${name}`,
    load: async ({ store, parseData }) => {
      const file = `${CONTENT_DIR}/${name}.yaml`;
      let data: unknown;
      try {
        data = parseYaml(await readFile(file, 'utf8'));
      } catch (error) {
        throw new Error(`内容文件 ${file} 无法读取：${(error as Error).message}`, { cause: error });
      }
      const valid = checked(file, schema, data) as Record<string, unknown>;
      store.clear();
      store.set({ id: name, data: await parseData({ id: name, data: valid }) });
    },
  };
}

export const collections = {
  notices: defineCollection({ loader: markdown('notices', notices), schema: notices }),
  guides: defineCollection({ loader: markdown('guides', guides), schema: guides }),
  faqs: defineCollection({ loader: markdown('faqs', faqs), schema: faqs }),
  community: defineCollection({ loader: yamlFile('community', community), schema: community }),
  // Checked by its zod/mini schema in the loader; see src/utils/content.ts for the typed read.
  policy: defineCollection({ loader: yamlFile('policy', policy) }),
};
