/** RSS 2.0 feed of published notices still in force (drafts and expired ones left out). */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getCommunity, getNotices, isExpired } from '../utils/content';

export const GET: APIRoute = async ({ site }) => {
  const community = await getCommunity();
  const notices = (await getNotices()).filter((notice) => !isExpired(notice));
  return rss({
    title: `${community.name}通知公告`,
    description: `${community.name}防疫信息站发布的通知、通告、倡议和辟谣`,
    site: site ?? 'http://localhost:8787',
    customData: '<language>zh-cn</language>',
    items: notices.map((notice) => ({
      title: notice.data.title,
      link: `/notices/${notice.id}/`,
      pubDate: new Date(`${notice.data.date}T00:00:00+08:00`),
      description: notice.data.summary,
      categories: [notice.data.category],
    })),
  });
};
