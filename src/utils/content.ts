/**
 * Queries over the content collections, shared by every page: what is published, what is
 * active, in which order. Dates are compared as Asia/Shanghai calendar days at build time.
 */
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import { shanghaiDate } from '../lib/dates';
import { isPast } from '../lib/live-markup';
import type { Policy } from '../schemas/policy';

export type NoticeEntry = CollectionEntry<'notices'>;
type GuideEntry = CollectionEntry<'guides'>;
type FaqEntry = CollectionEntry<'faqs'>;

/** The day the site is built for; `FIRSTLINE_TODAY` pins it in tests. */
export const today: string = process.env['FIRSTLINE_TODAY'] ?? shanghaiDate();

/** The community's own facts from `content/community.yaml`. */
export async function getCommunity() {
  const entry = await getEntry('community', 'community');
  if (!entry) throw new Error('缺少 content/community.yaml，请参照 content/README.md 创建');
  return entry.data;
}

/** The returnee rules from `content/policy.yaml`, already checked by PolicySchema in the loader. */
export async function getPolicy(): Promise<Policy> {
  const entry = await getEntry('policy', 'policy');
  if (!entry) throw new Error('缺少 content/policy.yaml，请参照 content/README.md 创建');
  return entry.data as Policy;
}

/** True when the notice's `expires` date has passed. */
export function isExpired(notice: NoticeEntry, on: string = today): boolean {
  return notice.data.expires !== undefined && isPast(notice.data.expires, on);
}

const newestFirst = (a: NoticeEntry, b: NoticeEntry) =>
  b.data.date.localeCompare(a.data.date) || a.id.localeCompare(b.id);

/** Published notices (no drafts), newest first. */
export async function getNotices(): Promise<NoticeEntry[]> {
  const all = await getCollection('notices', (entry) => !entry.data.draft);
  return all.sort(newestFirst);
}

/** Notices for the home page: not expired, pinned first, then newest. */
export async function getHomeNotices(): Promise<NoticeEntry[]> {
  const live = (await getNotices()).filter((notice) => !isExpired(notice));
  return [
    ...live.filter((notice) => notice.data.pinned),
    ...live.filter((notice) => !notice.data.pinned),
  ];
}

/** Urgent notices still in force: the home page banner. */
export async function getUrgentNotices(): Promise<NoticeEntry[]> {
  return (await getHomeNotices()).filter((notice) => notice.data.level === '紧急');
}

/** Static paths of every published notice page. */
export async function noticePaths() {
  return (await getNotices()).map((notice) => ({ params: { id: notice.id }, props: { notice } }));
}

/** Static paths of every published guide page. */
export async function guidePaths() {
  return (await getGuides()).map((guide) => ({ params: { id: guide.id }, props: { guide } }));
}

/** Published guides in their `order`. */
export async function getGuides(): Promise<GuideEntry[]> {
  const all = await getCollection('guides', (entry) => !entry.data.draft);
  return all.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** Published FAQs grouped by category, categories in order of their first question. */
export async function getFaqGroups(): Promise<{ category: string; faqs: FaqEntry[] }[]> {
  const all = (await getCollection('faqs', (entry) => !entry.data.draft)).sort(
    (a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id),
  );
  const groups = new Map<string, FaqEntry[]>();
  for (const faq of all)
    groups.set(faq.data.category, [...(groups.get(faq.data.category) ?? []), faq]);
  return [...groups].map(([category, faqs]) => ({ category, faqs }));
}
