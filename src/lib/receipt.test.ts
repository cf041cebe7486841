// Tests of the receipt's words: the list slots (reasons, test dates, measures) and how to keep it.
import { describe, expect, test } from 'vitest';
import { isWeChat, receiptLists, saveAdvice, type ReceiptData } from './receipt';

const RECEIPT: ReceiptData = {
  reference: '1234-5678-9',
  receivedAt: '2026-11-20T02:30:00.000Z',
  risk: 'medium',
  reasons: ['健康码为黄码', '来自中风险地区：四川省成都市'],
  measures: ['请进行14天居家健康监测。'],
  testDays: ['2026-11-20', '2026-11-26', '2026-12-03'],
  monitoringEnds: '2026-12-03',
  grid: { name: '第一网格', leader: '陈国良', phone: '13800001201' },
  checkinUrl: 'https://fangyi.example.cn/checkin/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/',
};

const WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2f) NetType/WIFI Language/zh_CN';
const CHROME =
  'Mozilla/5.0 (Linux; Android 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36';

describe('list slots', () => {
  test('shows the reasons and the test days as dates', () => {
    const lists = receiptLists(RECEIPT);
    expect(lists.reasons).toEqual(RECEIPT.reasons);
    expect(lists['test-days']).toMatchInlineSnapshot(`
      [
        "2026年11月20日",
        "2026年11月26日",
        "2026年12月3日",
      ]
    `);
  });

  test('says so in plain words when there is no reason and no test day', () => {
    const lists = receiptLists({ ...RECEIPT, risk: 'low', reasons: [], testDays: [] });
    expect([lists.reasons, lists['test-days']]).toMatchInlineSnapshot(`
      [
        [
          "您填写的情况里，没有需要特别注意的",
        ],
        [
          "不需要专门去做核酸检测",
        ],
      ]
    `);
  });
});

describe('keeping the receipt', () => {
  test('recognises WeChat’s browser on iOS and Android, and nothing else', () => {
    expect(isWeChat(WECHAT)).toBe(true);
    expect(isWeChat(WECHAT.replace('MicroMessenger', 'micromessenger'))).toBe(true);
    for (const other of [CHROME, '', null, undefined, 'Micro Messenger', 'WeChatPay']) {
      expect(isWeChat(other)).toBe(false);
    }
  });

  test('tells WeChat users to take a screenshot, whatever the page can do', () => {
    expect(saveAdvice(WECHAT, true)).toBe(saveAdvice(WECHAT, false));
    expect(saveAdvice(WECHAT, true)).toMatchInlineSnapshot(
      `"微信里不能打印。请截图保存本页；要打印的话，点右上角“···”，选“在浏览器打开”，再打印。"`,
    );
  });

  test('points other browsers to the print button, or to the menu without one', () => {
    expect([saveAdvice(CHROME, true), saveAdvice(CHROME, false), saveAdvice(null, false)])
      .toMatchInlineSnapshot(`
      [
        "点上面的按钮可以打印，或在打印页面里选“另存为PDF”；直接截图保存也可以。",
        "请截图保存本页，或用浏览器菜单里的“打印”保存为PDF。",
        "请截图保存本页，或用浏览器菜单里的“打印”保存为PDF。",
      ]
    `);
  });
});
