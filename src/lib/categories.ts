/** ASCII URL slugs for the notice categories of PRODUCT.md §5, so links survive any chat app. */
import { NOTICE_CATEGORIES } from '../schemas/content';

type Category = (typeof NOTICE_CATEGORIES)[number];

export const CATEGORY_SLUGS: Record<Category, string> = {
  通知: 'notice',
  通告: 'announcement',
  倡议: 'proposal',
  辟谣: 'rumour',
};

export const NOTICES_PER_PAGE = 10;
