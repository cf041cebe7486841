// Tests of the public address: what counts as local, and what a production build refuses.
import { describe, expect, test } from 'vitest';
import {
  buildAddress,
  isLocalAddress,
  localAddress,
  productionAddressProblem,
} from './site-address';

describe('isLocalAddress', () => {
  test.each([
    'http://localhost:8787',
    'http://127.0.0.1:8801',
    'http://0.0.0.0',
    'http://[::1]:8787',
    'http://10.0.0.5',
    'http://192.168.1.20',
    'http://172.16.0.1',
    'http://172.31.255.1',
    'http://fangyi.local',
    'http://site.localhost',
    'https://fangyi.test',
    'https://qinghe.example',
    'http://router.home.arpa',
  ])('treats %s as unreachable for residents', (address) => {
    expect(isLocalAddress(address)).toBe(true);
  });

  test.each([
    'https://fangyi.example.cn',
    'https://qinghe.gov.cn',
    'https://172.32.0.1',
    'https://8.8.8.8',
    'https://localhost.cn',
  ])('treats %s as public', (address) => {
    expect(isLocalAddress(address)).toBe(false);
  });
});

describe('productionAddressProblem', () => {
  test('accepts an https domain, with or without the final slash', () => {
    expect(productionAddressProblem('https://fangyi.example.cn')).toBeUndefined();
    expect(productionAddressProblem('https://fangyi.example.cn/')).toBeUndefined();
  });

  test('asks for the address when siteUrl is missing', () => {
    expect(productionAddressProblem(undefined)).toMatchInlineSnapshot(
      `"正式构建需要网站的公开地址：请在 content/community.yaml 填写 siteUrl，例如：siteUrl: https://fangyi.example.cn。海报二维码、微信群文字的“详情”链接、RSS 和网格群提醒里的链接都用这个地址。"`,
    );
    expect(productionAddressProblem('')).toBe(productionAddressProblem(undefined));
    expect(productionAddressProblem(null)).toBe(productionAddressProblem(undefined));
  });

  test('refuses this computer and the local network', () => {
    expect(productionAddressProblem('http://localhost:8787')).toMatchInlineSnapshot(
      `"content/community.yaml 里的网站地址 siteUrl 是“http://localhost:8787”，这是本机、内网或示例地址，居民打不开。请改成社区网站的正式网址，例如：https://fangyi.example.cn"`,
    );
    expect(productionAddressProblem('https://192.168.1.20')).toContain('居民打不开');
  });

  test('refuses plain http on a public domain', () => {
    expect(productionAddressProblem('http://fangyi.example.cn')).toMatchInlineSnapshot(
      `"content/community.yaml 里的网站地址 siteUrl 要以 https:// 开头（离线阅读、复制文字只在 https 网站上能用），例如：https://fangyi.example.cn"`,
    );
  });

  test.each([
    'fangyi.example.cn',
    'https://fangyi.example.cn/notices/',
    'https://',
    'ftp://x.cn',
    42,
  ])('refuses %j, which is not an address of a site', (value) => {
    expect(productionAddressProblem(value)).toBe(
      'content/community.yaml 里的网站地址 siteUrl 要写成完整的网址，只写 https:// 和域名，例如：https://fangyi.example.cn',
    );
  });
});

describe('buildAddress', () => {
  test('uses siteUrl as an origin', () => {
    expect(buildAddress('https://fangyi.example.cn/', undefined)).toBe('https://fangyi.example.cn');
    expect(buildAddress(' https://fangyi.example.cn ', '8801')).toBe('https://fangyi.example.cn');
  });

  test('falls back to the local preview at the port npm start serves', () => {
    expect(buildAddress(undefined, undefined)).toBe('http://localhost:8787');
    expect(buildAddress(undefined, '8801')).toBe(localAddress('8801'));
    expect(buildAddress('fangyi.example.cn', '')).toBe('http://localhost:8787');
  });
});
