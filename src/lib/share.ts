/**
 * The words a notice travels with outside the site (PRODUCT.md J4): the WeChat-group text, the
 * loudspeaker (大喇叭) script, and that script made easy for speech synthesis to read aloud.
 */
import type { Community, Notice } from '../schemas/content';
import { chineseDate } from './dates';

/** The fields of a notice that its WeChat text and loudspeaker script are made from. */
export type SharedNotice = Pick<
  Notice,
  'title' | 'category' | 'date' | 'updated' | 'department' | 'summary' | 'broadcast'
>;

/** What the loudspeaker script says about the community: who speaks and where to call. */
export type BroadcastCommunity = Pick<Community, 'name' | 'dutyPhone'>;

/** Frontmatter may fold a long line; in Chinese a line break inside a sentence is no space. */
const oneLine = (text: string) => text.trim().replace(/\s*\n\s*/g, '');

/**
 * The WeChat-group version of a notice: 【类别】title, the summary, 发布单位, the date and the
 * link, in plain text. The link ends the text, so that nothing after it can be mistaken for part
 * of the address when WeChat turns it into a link.
 */
export function wechatText(notice: SharedNotice, url: string): string {
  // 【辟谣】辟谣：…… says it twice.
  const title = oneLine(notice.title).replace(new RegExp(`^${notice.category}[：:]\\s*`), '');
  const updated = notice.updated
    ? `（${chineseDate(notice.updated).replace(`${notice.date.slice(0, 4)}年`, '')}更新）`
    : '';
  return [
    `【${notice.category}】${title}`,
    oneLine(notice.summary),
    '',
    `发布单位：${oneLine(notice.department)}`,
    `发布日期：${chineseDate(notice.date)}${updated}`,
    `详情：${url}`,
  ].join('\n');
}

/**
 * A phone number grouped the way an announcer reads it, a pause between groups:
 * `0571-63801000` → `0571，6380，1000`, `13800001111` → `138，0000，1111`.
 */
export function spokenPhone(phone: string): string {
  return phone
    .split(/[^\d]+/)
    .filter(Boolean)
    .flatMap((digits) => {
      if (digits.length <= 5) return [digits];
      // Groups of four from the end, as numbers are read; the first group takes the rest.
      const head = digits.length % 4 === 1 ? 5 : digits.length % 4;
      const groups = head ? [digits.slice(0, head)] : [];
      for (let at = head; at < digits.length; at += 4) groups.push(digits.slice(at, at + 4));
      return groups;
    })
    .join('，');
}

// A phone number inside running text: a landline with its area code, or a mobile.
const PHONE_IN_TEXT = /(?<![\d-])(?:0\d{2,3}-?\d{7,8}|1[3-9]\d{9})(?![\d-])/g;

/**
 * Text as it is said aloud: dates without the year (`2026-11-20` → `11月20日`), clock times in
 * 点 (`8:00—20:00` → `8点到20点`) and phone numbers in groups. Digits stay digits: people and
 * speech synthesis both read them well.
 */
export function spokenText(text: string): string {
  return text
    .replace(
      /(?<!\d)\d{4}\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?/g,
      (_, month: string, day: string) => `${Number(month)}月${Number(day)}日`,
    )
    .replace(/(?<!\d)(\d{1,2})[:：](\d{2})(?!\d)/g, (_, hour: string, minute: string) =>
      minute === '00' ? `${Number(hour)}点` : `${Number(hour)}点${minute}分`,
    )
    .replace(/([日点分])\s*[—–~～-]+\s*(?=\d)/g, '$1到')
    .replace(PHONE_IN_TEXT, spokenPhone);
}

/** Text cut after each 。！？； into short lines; a line that ends without a stop gets 。. */
function sentences(text: string): string[] {
  return (oneLine(text).match(/[^。！？；]+[。！？；]*[”’」』）]*/g) ?? [])
    .map((sentence) => sentence.trim())
    .filter(Boolean)
    .map((sentence) =>
      /[。！？；：，、…][”’」』）]*$/.test(sentence) ? sentence : `${sentence}。`,
    );
}

/**
 * The loudspeaker script of a notice: its `broadcast` field as written, or else one made from
 * the title and summary in short spoken sentences, with the duty phone read in groups, the
 * message said twice, and a caring close (PRODUCT.md §10).
 */
export function broadcastScript(notice: SharedNotice, community: BroadcastCommunity): string {
  if (notice.broadcast?.trim()) return notice.broadcast.trim();
  // "下面播报：辟谣：……" stumbles; a comma reads as the pause the colon meant.
  const title = spokenText(oneLine(notice.title)).replace(/[：:]\s*/g, '，');
  const message = sentences(spokenText(notice.summary));
  const phone = `值班电话：${spokenPhone(community.dutyPhone)}。`;
  return [
    '各位村民、居民朋友们请注意：',
    `这里是${community.name}广播。下面播报：${title}。`,
    ...message,
    `有事请打${phone}`,
    '重要的事情再说一遍：',
    ...message,
    phone,
    '守住自家门，管好自家人。谢谢大家！',
  ].join('\n');
}

/**
 * A long sentence as lines of whole clauses, each about `size` characters, cut after a ，
 * that is not a pause inside a phone number (`0571，6380`).
 */
function clauses(sentence: string, size = 24): string[] {
  const lines: string[] = [];
  for (const clause of sentence.match(/(?:[^，]|(?<=\d)，(?=\d))+，?/g) ?? []) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] ?? '').length + clause.length <= size) lines[last] += clause;
    else lines.push(clause);
  }
  return lines;
}

// A phone number as spokenPhone groups it: two or three groups, the last of four digits.
const GROUPED_PHONE = /(?<!\d)\d{3,5}(?:，\d{3,4})?，\d{4}(?!\d)/g;
// A phone number as written (0571-63801000, 13800001111) or grouped.
const ANY_PHONE = new RegExp(
  `(?<![\\d-])(0\\d{2,3}-?\\d{7,8}|1[3-9]\\d{9}|${GROUPED_PHONE.source})(?![\\d-])`,
);

/** `text` cut around its phone numbers: every odd item is one, for a page to keep on one line. */
export function splitPhones(text: string): string[] {
  return text.split(ANY_PHONE);
}

const CHINESE_DIGITS = '零幺二三四五六七八九';

/**
 * The script as speech synthesis should get it: short lines, one utterance each (a sentence, or
 * clauses of a long one, because some engines stop mid-way through a long utterance), and phone
 * numbers in Chinese digits so that `6380` is read 六三八零, not 六千三百八十; 1 is 幺, as
 * announcers read phone numbers.
 */
export function speechText(script: string): string {
  return script
    .split('\n')
    .flatMap((line) => sentences(spokenText(line)).flatMap((sentence) => clauses(sentence)))
    .map((line) =>
      line.replace(GROUPED_PHONE, (phone) =>
        phone.replace(/\d/g, (digit) => CHINESE_DIGITS.charAt(Number(digit))),
      ),
    )
    .join('\n');
}
