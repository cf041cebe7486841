/**
 * Tells a grid's work group about a new or updated declaration through its group robot
 * (WeCom, DingTalk or Feishu webhook, a secret per grid). Masked data only: 张*, 138****5678,
 * never the ID number (PRODUCT.md §7), plus the risk, the arrival date and a staff link.
 */
import { chineseDate } from '../../src/lib/dates';
import { maskName, maskPhone } from '../../src/lib/mask';
import { RISK_LABELS } from '../../src/lib/policy';
import type { DeclarationMessage } from './message';
import type { Site } from './site';

/** The webhook URL of each grid, from the GRID_WEBHOOKS secret (JSON object). */
export function gridWebhooks(env: Env): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(env.GRID_WEBHOOKS || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    console.error('GRID_WEBHOOKS is not valid JSON');
    return {};
  }
}

/** The notification text: what a grid worker needs to act, nothing more. */
export function notificationText(message: DeclarationMessage, site: Site, siteUrl: string): string {
  const { declaration, outcome, routing } = message;
  const area = site.community.areas.find((item) => item.id === routing.areaId);
  const grid = site.community.grids.find((item) => item.id === routing.gridId);
  const heading = message.submittedAt === message.receivedAt ? '新的返乡报备' : '报备信息有更新';
  return [
    `【${heading}】${grid?.name ?? routing.gridId}`,
    `${maskName(declaration.name)} ${maskPhone(declaration.phone)}`,
    `片区：${area?.name ?? routing.areaId}`,
    `到达：${chineseDate(declaration.arrivalDate)}，评估：${RISK_LABELS[outcome.risk]}`,
    `回执编号：${message.reference}`,
    `查看并跟进：${new URL(`/staff/declarations/${message.reference}/`, siteUrl).href}`,
  ].join('\n');
}

/** The JSON body each robot expects for a plain text message. */
export function robotPayload(url: string, text: string): unknown {
  const host = new URL(url).hostname;
  if (host.endsWith('dingtalk.com')) return { msgtype: 'text', text: { content: text } };
  if (host.endsWith('feishu.cn') || host.endsWith('larksuite.com')) {
    return { msg_type: 'text', content: { text } };
  }
  // WeCom's format, also what a local test receiver gets.
  return { msgtype: 'text', text: { content: text } };
}

/**
 * Posts the notification for `message` to its grid's robot; resolves when delivered (or when the
 * grid has no robot configured) and throws when the robot did not take it, so the queue retries.
 */
export async function notifyGrid(env: Env, site: Site, message: DeclarationMessage): Promise<void> {
  const url = gridWebhooks(env)[message.routing.gridId];
  if (!url) return;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(robotPayload(url, notificationText(message, site, site.address))),
    signal: AbortSignal.timeout(10_000),
  });
  // WeCom and DingTalk answer 200 with a non-zero errcode when they refuse; Feishu uses `code`.
  const body = (await response.json().catch(() => ({}))) as { errcode?: number; code?: number };
  if (!response.ok || (body.errcode ?? 0) !== 0 || (body.code ?? 0) !== 0) {
    throw new Error(`webhook refused: ${response.status}`);
  }
}
