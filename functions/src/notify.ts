/**
 * Tells a grid's work group about a new or updated declaration through its group robot
 * (WeCom, DingTalk or Feishu webhook, a secret per grid). Masked data only: 张*, 138****5678,
 * never the ID number (PRODUCT.md §7), plus the risk, the arrival date and a staff link.
 */
import { chineseDate, shanghaiMinute } from '../../src/lib/dates';
import { maskPerson } from '../../src/lib/mask';
import { RISK_LABELS } from '../../src/lib/policy';
import type { DeclarationMessage } from './message';
import { gridById, routeOf, type Site } from './site';

/** The webhook URL of each grid, from the GRID_WEBHOOKS secret (JSON object). */
function gridWebhooks(env: Env): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(env.GRID_WEBHOOKS || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    console.error('GRID_WEBHOOKS is not valid JSON');
    return {};
  }
}

/** The notification text: what a grid worker needs to act, nothing more. */
function notificationText(message: DeclarationMessage, site: Site, siteUrl: string): string {
  const { declaration, outcome, routing } = message;
  const { area } = routeOf(site, routing.areaId);
  const grid = gridById(site, routing.gridId);
  const person = maskPerson(declaration);
  const heading = message.submittedAt === message.receivedAt ? '新的返乡报备' : '报备信息有更新';
  return [
    `【${heading}】${grid?.name ?? routing.gridId}`,
    `${person.name} ${person.phone}`,
    `片区：${area?.name ?? routing.areaId}`,
    `到达：${chineseDate(declaration.arrivalDate)}，评估：${RISK_LABELS[outcome.risk]}`,
    `回执编号：${message.reference}`,
    `查看并跟进：${new URL(`/staff/declarations/${message.reference}/`, siteUrl).href}`,
  ].join('\n');
}

/** The JSON body each robot expects for a plain text message. */
function robotPayload(url: string, text: string): unknown {
  const host = new URL(url).hostname;
  if (host.endsWith('feishu.cn') || host.endsWith('larksuite.com')) {
    return { msg_type: 'text', content: { text } };
  }
  // WeCom's format, which DingTalk's robots take too; also what a local test receiver gets.
  return { msgtype: 'text', text: { content: text } };
}

/**
 * Posts `text` to the robot of `gridId`; resolves when delivered (or when the grid has no robot
 * configured) and throws when the robot did not take it, so the caller can retry.
 */
export async function sendToGrid(env: Env, gridId: string, text: string): Promise<void> {
  const url = gridWebhooks(env)[gridId];
  if (!url) return;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(robotPayload(url, text)),
    signal: AbortSignal.timeout(10_000),
  });
  // WeCom and DingTalk answer 200 with a non-zero errcode when they refuse; Feishu uses `code`.
  const body = (await response.json().catch(() => ({}))) as { errcode?: number; code?: number };
  if (!response.ok || (body.errcode ?? 0) !== 0 || (body.code ?? 0) !== 0) {
    throw new Error(`webhook refused: ${response.status}`);
  }
}

/** Tells the grid of `message` about a new or updated declaration (the queue retries a failure). */
export function notifyGrid(env: Env, site: Site, message: DeclarationMessage): Promise<void> {
  return sendToGrid(env, message.routing.gridId, notificationText(message, site, site.address));
}

/** What a grid worker needs to act on an alerting reading: masked, never the ID number. */
export interface ReadingAlert {
  reference: string;
  gridId: string;
  name: string;
  phone: string;
  day: number;
  days: number;
  reasons: readonly string[];
  /** When the reading came in (ISO): a retried alert may arrive later. */
  at: string;
  /** How a grid worker took the reading (`电话询问，工作人员录入`); absent for the person's own. */
  via?: string;
}

/**
 * The text that tells the grid a reading needs the grid worker now (PRODUCT.md §11): masked, with
 * the time it was reported, so an alert the robot only took on a retry is not taken for a new one.
 */
export function alertText(site: Site, alert: ReadingAlert): string {
  const grid = gridById(site, alert.gridId);
  const person = maskPerson({ name: alert.name, phone: alert.phone, idNumber: '' });
  return [
    `【健康监测异常，请马上联系】${grid?.name ?? alert.gridId}`,
    `${person.name} ${person.phone}，监测第${alert.day}天（共${alert.days}天）`,
    `情况：${alert.reasons.join('，')}`,
    ...(alert.via ? [`来源：${alert.via}`] : []),
    `报告时间：${shanghaiMinute(alert.at)}`,
    `回执编号：${alert.reference}`,
    `查看并跟进：${new URL(`/staff/declarations/${alert.reference}/`, site.address).href}`,
  ].join('\n');
}
