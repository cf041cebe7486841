// Tests of the share texts: the WeChat-group text, the loudspeaker script and its speech form.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  broadcastScript,
  speechText,
  spokenPhone,
  spokenText,
  splitPhones,
  wechatText,
  type SharedNotice,
} from './share';

const community = { name: '青禾街道', dutyPhone: '0571-63801000' };
const url = 'https://fangyi.qinghe.example/notices/2026-11-15-zhi-fanxiang-qinyou-yifengxin/';

const letter: SharedNotice = {
  title: '致返乡亲友的一封信',
  category: '倡议',
  date: '2026-11-15',
  department: '青禾街道办事处',
  summary:
    '在外辛苦一年，家乡欢迎您回来。回家前请花两分钟报备，到家后测几天体温，让家里的老人孩子都安心。',
};

const urgent: SharedNotice = {
  title: '关于近期返乡来访人员主动报备的紧急通知',
  category: '通知',
  date: '2026-11-18',
  updated: '2026-11-21',
  department: '青禾街道疫情防控工作领导小组办公室',
  summary: '11月1日以来从外地回来的朋友，请在到家前一天或到家当天报备。',
  broadcast: [
    '各位村民请注意，这里是青禾街道广播。',
    '家里有人从外地回来，请提前一天报备。不会在网上填的，打街道值班电话：0571-63801000。',
    '守住自家门，管好自家人。谢谢大家！',
  ].join('\n'),
};

describe('wechatText', () => {
  test('gives the category, title, summary, 发布单位, date and link as plain lines', () => {
    expect(wechatText(letter, url)).toMatchInlineSnapshot(`
      "【倡议】致返乡亲友的一封信
      在外辛苦一年，家乡欢迎您回来。回家前请花两分钟报备，到家后测几天体温，让家里的老人孩子都安心。

      发布单位：青禾街道办事处
      发布日期：2026年11月15日
      详情：https://fangyi.qinghe.example/notices/2026-11-15-zhi-fanxiang-qinyou-yifengxin/"
    `);
  });

  test('adds the update date, without the year when it is the same year', () => {
    expect(wechatText(urgent, url).split('\n')[4]).toBe('发布日期：2026年11月18日（11月21日更新）');
    expect(
      wechatText({ ...urgent, date: '2026-12-30', updated: '2027-01-02' }, url).split('\n')[4],
    ).toBe('发布日期：2026年12月30日（2027年1月2日更新）');
  });

  test('does not repeat the category when the title already starts with it', () => {
    const rumour = { ...letter, category: '辟谣' as const, title: '辟谣：熏白醋不能预防流感' };
    expect(wechatText(rumour, url).split('\n')[0]).toBe('【辟谣】熏白醋不能预防流感');
  });

  test('joins a summary that the frontmatter folded over several lines', () => {
    const folded = { ...letter, summary: '在外辛苦一年，\n  家乡欢迎您回来。\n' };
    expect(wechatText(folded, url).split('\n')[1]).toBe('在外辛苦一年，家乡欢迎您回来。');
  });

  test('ends with the link alone, so WeChat makes all of it and only it a link', () => {
    expect(wechatText(letter, url).endsWith(`：${url}`)).toBe(true);
  });

  test('keeps every sample notice under 300 characters, with a realistic link', () => {
    for (const file of readdirSync('content/notices')) {
      const frontmatter = readFileSync(`content/notices/${file}`, 'utf8').split(/^---$/m)[1] ?? '';
      const data = parse(frontmatter, { schema: 'failsafe' }) as SharedNotice;
      const link = `https://fangyi.qinghe.example/notices/${file.replace(/\.md$/, '')}/`;
      expect(Array.from(wechatText(data, link)).length, file).toBeLessThan(300);
    }
  });
});

describe('broadcastScript', () => {
  test('uses the broadcast field as written when the notice has one', () => {
    expect(broadcastScript(urgent, community)).toBe(urgent.broadcast);
  });

  test('speaks the title and summary in short sentences, the duty phone in groups, twice', () => {
    expect(broadcastScript(letter, community)).toMatchInlineSnapshot(`
      "各位村民、居民朋友们请注意：
      这里是青禾街道广播。下面播报：致返乡亲友的一封信。
      在外辛苦一年，家乡欢迎您回来。
      回家前请花两分钟报备，到家后测几天体温，让家里的老人孩子都安心。
      有事请打值班电话：0571，6380，1000。
      重要的事情再说一遍：
      在外辛苦一年，家乡欢迎您回来。
      回家前请花两分钟报备，到家后测几天体温，让家里的老人孩子都安心。
      值班电话：0571，6380，1000。
      守住自家门，管好自家人。谢谢大家！"
    `);
  });

  test('says dates, times and phone numbers in the summary the way people say them', () => {
    const clinic = {
      ...letter,
      title: '辟谣：发热门诊没有停诊',
      summary: '2026-11-20起发热诊室每天8:00—20:30开放，夜里请打13800001111',
    };
    expect(broadcastScript(clinic, community).split('\n').slice(1, 3)).toEqual([
      '这里是青禾街道广播。下面播报：辟谣，发热门诊没有停诊。',
      '11月20日起发热诊室每天8点到20点30分开放，夜里请打138，0000，1111。',
    ]);
  });

  test('ignores a broadcast field that is only spaces', () => {
    expect(broadcastScript({ ...letter, broadcast: '  ' }, community)).toMatch(/^各位村民/);
  });
});

describe('spokenPhone', () => {
  test('groups a landline after its area code in fours', () => {
    expect(spokenPhone('0571-63801000')).toBe('0571，6380，1000');
    expect(spokenPhone('010-6380100')).toBe('010，638，0100');
  });

  test('groups a mobile number three, four, four', () => {
    expect(spokenPhone('13800001111')).toBe('138，0000，1111');
  });

  test('leaves a short hotline in one piece', () => {
    expect(spokenPhone('12345')).toBe('12345');
  });
});

describe('spokenText', () => {
  test('drops the year from dates however they are written', () => {
    expect(spokenText('2026-11-05、2026年12月1日、2027/1/2')).toBe('11月5日、12月1日、1月2日');
  });

  test('says ranges with 到', () => {
    expect(spokenText('11月5日—15日，9:00-17:00')).toBe('11月5日到15日，9点到17点');
  });

  test('leaves year ranges and plain numbers alone', () => {
    expect(spokenText('2026—2027年度，80岁以上，5个网格')).toBe('2026—2027年度，80岁以上，5个网格');
  });
});

describe('splitPhones', () => {
  test('puts each phone number, as written or as spoken, in an odd place', () => {
    expect(splitPhones('打0571-63801000或138，0000，1111，2026年')).toEqual([
      '打',
      '0571-63801000',
      '或',
      '138，0000，1111',
      '，2026年',
    ]);
  });
});

describe('speechText', () => {
  test('reads phone numbers digit by digit in Chinese digits and cuts long sentences', () => {
    expect(speechText(urgent.broadcast ?? '')).toMatchInlineSnapshot(`
      "各位村民请注意，这里是青禾街道广播。
      家里有人从外地回来，请提前一天报备。
      不会在网上填的，
      打街道值班电话：零五七幺，六三八零，幺零零零。
      守住自家门，管好自家人。
      谢谢大家！"
    `);
  });

  test('reads the generated script the same way', () => {
    const lines = speechText(broadcastScript(letter, community)).split('\n');
    expect(lines).toContain('有事请打值班电话：零五七幺，六三八零，幺零零零。');
    expect(lines.every((line) => Array.from(line).length <= 40)).toBe(true);
  });
});
