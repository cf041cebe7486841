/**
 * The public address every absolute link is built on: poster QR codes, the 详情 link of the
 * WeChat text, RSS, sitemap, canonical links and the grid robot's staff link (issue 9.1). It is
 * `siteUrl` in content/community.yaml, one place; without it a build is a local preview.
 */

/** What `siteUrl` may look like: a scheme and a host, nothing after it but an optional `/`. */
export const SITE_URL_PATTERN = /^https?:\/\/[^\s/?#@]+\/?$/;

/** An example the messages show; `.example.cn` stands for the community's own domain. */
const EXAMPLE = 'https://fangyi.example.cn';

/** Where `npm start` serves the site (PORT, default 8787): the address of a local preview. */
export function localAddress(port: string | undefined): string {
  return `http://localhost:${port || '8787'}`;
}

// This computer, a home or office network, and the names reserved for tests and examples
// (RFC 1918 private ranges, RFC 2606 and RFC 6761 special-use names): no resident reaches them.
const LOCAL_HOST =
  /^(?:localhost|0\.0\.0\.0|127(?:\.\d+){3}|10(?:\.\d+){3}|192\.168(?:\.\d+){2}|172\.(?:1[6-9]|2\d|3[01])(?:\.\d+){2}|169\.254(?:\.\d+){2}|\[[0-9a-f:.]*\]|.+\.(?:localhost|local|lan|internal|test|example|invalid|home\.arpa))$/i;

/** True when people outside this computer or network cannot open `address`. */
export function isLocalAddress(address: string | URL): boolean {
  return LOCAL_HOST.test(new URL(address).hostname);
}

/**
 * Why a production build cannot put `siteUrl` on posters and links, in Chinese for the admin who
 * edits community.yaml; `undefined` when it can.
 */
export function productionAddressProblem(siteUrl: unknown): string | undefined {
  const where = 'content/community.yaml 里的网站地址 siteUrl';
  if (siteUrl === undefined || siteUrl === null || siteUrl === '')
    return `正式构建需要网站的公开地址：请在 content/community.yaml 填写 siteUrl，例如：siteUrl: ${EXAMPLE}。海报二维码、微信群文字的“详情”链接、RSS 和网格群提醒里的链接都用这个地址。`;
  if (typeof siteUrl !== 'string' || !SITE_URL_PATTERN.test(siteUrl.trim()))
    return `${where} 要写成完整的网址，只写 https:// 和域名，例如：${EXAMPLE}`;
  if (isLocalAddress(siteUrl.trim()))
    return `${where} 是“${siteUrl.trim()}”，这是本机、内网或示例地址，居民打不开。请改成社区网站的正式网址，例如：${EXAMPLE}`;
  if (!siteUrl.trim().startsWith('https://'))
    return `${where} 要以 https:// 开头（离线阅读、复制文字只在 https 网站上能用），例如：${EXAMPLE}`;
  return undefined;
}

/**
 * The address a build puts on every absolute link: `siteUrl` as an origin when it is written
 * well, else the local preview's (a badly written one is reported by the community.yaml check).
 */
export function buildAddress(siteUrl: unknown, port: string | undefined): string {
  return typeof siteUrl === 'string' && SITE_URL_PATTERN.test(siteUrl.trim())
    ? new URL(siteUrl.trim()).origin
    : localAddress(port);
}
