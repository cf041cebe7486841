/**
 * RSS 2.0 feed of the newest published notices still in force (drafts and expired ones left
 * out), capped so the feed stays small however many notices pile up (issue 15.3).
 */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { shanghaiDayStart } from '../lib/dates';
import { getCommunity, getNotices, isExpired } from '../utils/content';

/** How many notices the feed carries: weeks of notices for a reader that checks now and then. */
const FEED_SIZE = 50;

export const GET: APIRoute = async ({ site }) => {
  if (!site) throw new Error('astro.config.mjs sets no site: the feed needs absolute links');
  const community = await getCommunity();
  const notices = (await getNotices()).filter((notice) => !isExpired(notice)).slice(0, FEED_SIZE);
  return rss({
    title: `${community.name}通知公告`,
    description: `${community.name}防疫信息站发布的通知、通告、倡议和辟谣`,
    site,
    customData: '<language>zh-cn</language>',
    items: notices.map((notice) => ({
      title: notice.data.title,
      link: `/notices/${notice.id}/`,
      pubDate: shanghaiDayStart(notice.data.date),
      description: notice.data.summary,
      categories: [notice.data.category],
    })),
  });
};
