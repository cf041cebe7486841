/**
 * Which schema checks which file under `content/` (PRODUCT.md §5): the build's collections
 * (src/content.config.ts), the editor's fields (src/lib/cms-config.ts) and the editor's check
 * before it saves (src/lib/content-check.ts) all read this one table.
 */
import { CommunitySchema, FaqSchema, GuideSchema, NoticeSchema } from './content';
import { PolicySchema } from './policy';

/** Folders of Markdown files, one entry each: `content/<folder>/<id>.md`. */
export const FOLDER_SCHEMAS = {
  notices: NoticeSchema,
  guides: GuideSchema,
  faqs: FaqSchema,
} as const;

/** Single YAML files: `content/<name>.yaml`. */
export const FILE_SCHEMAS = {
  community: CommunitySchema,
  policy: PolicySchema,
} as const;
