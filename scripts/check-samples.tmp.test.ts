// Temporary: validates the sample content against the schemas. Delete after use.
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import jsyaml from 'js-yaml';
import { expect, test } from 'vitest';
import { CommunitySchema, FaqSchema, GuideSchema, NoticeSchema } from '../src/schemas/content';

function front(file: string) {
  const text = readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`no frontmatter in ${file}`);
  return { data: parse(m[1]!), js: jsyaml.load(m[1]!), body: m[2]! };
}
const plain = (s: string) => s.replace(/\s+/g, '').replace(/[#*|>\-]/g, '').replace(/\]\([^)]*\)/g, ']').length;

test('sample content passes the schemas', () => {
  const problems: string[] = [];
  const c = CommunitySchema.safeParse(parse(readFileSync('content/community.yaml', 'utf8')));
  if (!c.success) problems.push(`community.yaml: ${JSON.stringify(c.error.issues)}`);
  const sets = [
    ['notices', NoticeSchema, [150, 600]],
    ['guides', GuideSchema, [300, 900]],
    ['faqs', FaqSchema, [50, 300]],
  ] as const;
  for (const [dir, schema, [lo, hi]] of sets) {
    for (const name of readdirSync(`content/${dir}`).sort()) {
      const file = `content/${dir}/${name}`;
      const { data, js, body } = front(file);
      for (const [label, d] of [['yaml', data], ['js-yaml', js]] as const) {
        const r = schema.safeParse(d);
        if (!r.success) problems.push(`${file} (${label}): ${JSON.stringify(r.error.issues)}`);
        else if (label === 'yaml') {
          const o = r.data as Record<string, unknown>;
          const len = plain(body);
          const extra = dir === 'notices'
            ? ` ${o.level}/${o.category} pinned=${o.pinned} expires=${o.expires ?? '-'} draft=${o.draft} sum=${String(o.summary).length} bc=${o.broadcast ? String(o.broadcast).length : '-'} title=${String(o.title).length}`
            : dir === 'guides' ? ` reviewBy=${o.reviewBy} order=${o.order}` : ` ${o.category} ${o.order}`;
          console.log(`${len < lo || len > hi ? '!! ' : '   '}${file} body=${len}${extra}`);
        }
      }
    }
  }
  console.log(problems.join('\n') || 'ALL VALID');
  expect(problems).toEqual([]);
});
