/**
 * The dynamic parts of the staff pages (list, detail, audit), as escaped HTML for the built
 * shell's `#staff-main`. Identifiers are masked unless the view is an audited reveal.
 */
import { addDays, chineseDate, shanghaiDate, shanghaiMinute } from '../../../src/lib/dates';
import { maskIdNumber, maskName, maskPhone } from '../../../src/lib/mask';
import { RISK_LABELS, type PolicyOutcome } from '../../../src/lib/policy';
import { regionName } from '../../../src/lib/regions';
import {
  HEALTH_CODE_LABELS,
  ID_TYPE_LABELS,
  NUCLEIC_TEST_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
} from '../../../src/schemas/declaration';
import type { AuditRecord, FollowUpRow, LedgerFilter } from '../db/ledger';
import type { Site } from '../site';
import { FOLLOW_UP_STATUSES, STATUS_LABELS, type FollowUpStatus, type LedgerEntry } from './entry';
import { html, type Html } from '../html';

const AUDIT_ACTIONS = {
  reveal: '查看完整信息',
  export: '导出台账',
  status: '更新跟进状态',
} as const;

const statusLabel = (status: string) => STATUS_LABELS[status as FollowUpStatus] ?? status;
const riskTag = (entry: Pick<LedgerEntry, 'risk'>) =>
  html`<span class="tag risk-${entry.risk}">${RISK_LABELS[entry.risk]}</span>`;

function options(values: readonly (readonly [string, string])[], selected: string | undefined) {
  return values.map(
    ([value, label]) =>
      html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`,
  );
}

/** The filter form, the export links and the masked list of entries. */
export function listView(
  entries: readonly LedgerEntry[],
  filter: LedgerFilter,
  site: Site,
  query: string,
): Html {
  const areas = site.community.areas.filter(
    (area) => !filter.gridId || area.grid === filter.gridId,
  );
  const exportQuery = query ? `&${query}` : '';
  return html`
    <h1>报备台账</h1>
    <form class="filters" method="get" action="/staff/">
      <div>
        <label for="from">提交日期从</label
        ><input id="from" name="from" type="date" value="${filter.from ?? ''}" />
      </div>
      <div>
        <label for="to">到</label><input id="to" name="to" type="date" value="${filter.to ?? ''}" />
      </div>
      <div>
        <label for="area">片区</label
        ><select id="area" name="area">
          <option value="">全部</option>
          ${options(
            areas.map((area) => [area.id, area.name] as const),
            filter.areaId,
          )}
        </select>
      </div>
      <div>
        <label for="risk">风险</label
        ><select id="risk" name="risk">
          <option value="">全部</option>
          ${options(Object.entries(RISK_LABELS), filter.risk)}
        </select>
      </div>
      <div>
        <label for="status">跟进状态</label
        ><select id="status" name="status">
          <option value="">全部</option>
          ${options(Object.entries(STATUS_LABELS), filter.status)}
        </select>
      </div>
      <div><button class="button" type="submit">筛选</button></div>
    </form>
    <p class="actions">
      <a class="button secondary" href="/staff/export?format=xlsx${exportQuery}">导出 Excel</a>
      <a class="button secondary" href="/staff/export?format=csv${exportQuery}">导出 CSV</a>
    </p>
    <p role="status">
      共 ${entries.length}
      条${entries.length >= filter.limit ? `（只显示最新的 ${filter.limit} 条，请缩小范围）` : ''}，姓名、电话、证件号码已部分隐藏。
    </p>
    ${
      entries.length === 0
        ? html`<p class="callout">没有符合条件的报备。</p>`
        : html`<ul class="entries">
            ${entries.map(
              (entry) =>
                html`<li>
                  <a class="ref" href="/staff/declarations/${entry.reference}/"
                    >${entry.reference}</a
                  >
                  ${riskTag(entry)} <span class="tag">${statusLabel(entry.status)}</span>
                  <dl class="facts">
                    <dt>姓名</dt>
                    <dd>${maskName(entry.declaration.name)}</dd>
                    <dt>电话</dt>
                    <dd>${maskPhone(entry.declaration.phone)}</dd>
                    <dt>证件</dt>
                    <dd>${maskIdNumber(entry.declaration.idNumber)}</dd>
                    <dt>片区</dt>
                    <dd>${entry.areaName}（${entry.gridName}）</dd>
                    <dt>到达</dt>
                    <dd>${chineseDate(entry.arrivalDate)}</dd>
                    <dt>提交</dt>
                    <dd>
                      ${shanghaiMinute(entry.receivedAt)}${entry.revision > 1 ? `（修改过${entry.revision - 1}次）` : ''}
                    </dd>
                  </dl>
                </li>`,
            )}
          </ul>`
    }
  `;
}

/** The monitoring days from arrival (day 1) to the end, test days and today marked. */
function schedule(entry: LedgerEntry, outcome: Partial<PolicyOutcome>): Html {
  if (!entry.monitoringEnds) return html`<p>不需要健康监测。</p>`;
  const today = shanghaiDate();
  const tests = new Set(outcome.testDays ?? []);
  const days: string[] = [];
  for (let day = entry.arrivalDate; day <= entry.monitoringEnds; day = addDays(day, 1))
    days.push(day);
  return html` <p>
      健康监测 ${days.length} 天：${chineseDate(entry.arrivalDate)} 到
      ${chineseDate(entry.monitoringEnds)}。加粗框是检测日。
    </p>
    <ol class="schedule">
      ${days.map(
        (day, index) =>
          html`<li
            class="${[tests.has(day) ? 'test' : '', day === today ? 'today' : ''].join(' ').trim()}"
          >
            第${index + 1}天
            ${day.slice(5)}${tests.has(day) ? ' 检测' : ''}${day === today ? '（今天）' : ''}
          </li>`,
      )}
    </ol>`;
}

/** One declaration: masked (or revealed) identifiers, travel and health, schedule, follow-ups. */
export function detailView(
  entry: LedgerEntry,
  outcome: Partial<PolicyOutcome>,
  followUps: readonly FollowUpRow[],
  revealed: boolean,
): Html {
  const d = entry.declaration;
  const identity = revealed
    ? html`<dt>姓名</dt>
        <dd>${d.name}</dd>
        <dt>证件</dt>
        <dd>${ID_TYPE_LABELS[d.idType]} ${d.idNumber}</dd>
        <dt>电话</dt>
        <dd><a class="phone" href="tel:${d.phone}">${d.phone}</a></dd>`
    : html`<dt>姓名</dt>
        <dd>${maskName(d.name)}</dd>
        <dt>证件</dt>
        <dd>${ID_TYPE_LABELS[d.idType]} ${maskIdNumber(d.idNumber)}</dd>
        <dt>电话</dt>
        <dd>${maskPhone(d.phone)}</dd>`;
  return html`
    <p><a href="/staff/">← 返回台账</a></p>
    <h1>报备 ${entry.reference}</h1>
    <p>${riskTag(entry)} <span class="tag">${statusLabel(entry.status)}</span></p>
    ${revealed ? html`<p class="callout warn" role="status">已显示完整信息，本次查看已记入操作记录。离开本页后恢复隐藏。</p>` : ''}
    <h2>本人</h2>
    <dl class="facts">
      ${identity}
      <dt>住址</dt>
      <dd>${entry.areaName} ${d.addressDetail}</dd>
      <dt>网格</dt>
      <dd>${entry.gridName}</dd>
    </dl>
    ${
      revealed
        ? ''
        : html`<form
            method="post"
            action="/staff/declarations/${entry.reference}/reveal"
            class="actions"
          >
            <button class="button secondary" type="submit">显示完整姓名、电话和证件号码</button>
            <span class="meta">需要联系本人时再点；每次查看都会记录。</span>
          </form>`
    }
    <h2>行程</h2>
    <dl class="facts">
      <dt>从哪里来</dt>
      <dd>
        ${regionName(d.originRegion) ?? d.originRegion}${d.originDetail ? ` ${d.originDetail}` : ''}
      </dd>
      <dt>出发</dt>
      <dd>${chineseDate(d.departureDate)}</dd>
      <dt>到达</dt>
      <dd>${chineseDate(d.arrivalDate)}</dd>
      <dt>交通</dt>
      <dd>
        ${TRANSPORT_LABELS[d.transport]}${d.transportDetail ? ` ${d.transportDetail}` : ''}，同行
        ${d.companions} 人
      </dd>
      <dt>途经风险地区</dt>
      <dd>${d.viaRiskArea ? '是' : '否'}</dd>
    </dl>
    <h2>健康情况</h2>
    <dl class="facts">
      <dt>健康码</dt>
      <dd>${HEALTH_CODE_LABELS[d.healthCode]}</dd>
      <dt>症状</dt>
      <dd>
        ${d.symptoms.length ? d.symptoms.map((symptom) => SYMPTOM_LABELS[symptom]).join('、') : '无'}
      </dd>
      <dt>体温</dt>
      <dd>${d.temperature === undefined ? '未填' : `${d.temperature} ℃`}</dd>
      <dt>核酸</dt>
      <dd>
        ${NUCLEIC_TEST_LABELS[d.nucleicTest]}${d.nucleicTestDate ? `（${chineseDate(d.nucleicTestDate)}）` : ''}
      </dd>
      <dt>密切接触者</dt>
      <dd>${d.closeContact ? '是' : '否'}</dd>
      <dt>评估原因</dt>
      <dd>${outcome.reasons?.length ? outcome.reasons.join('；') : '无'}</dd>
      ${
        d.note
          ? html`<dt>备注</dt>
              <dd>${d.note}</dd>`
          : ''
      }
    </dl>
    <h2>监测安排</h2>
    ${schedule(entry, outcome)}
    <h2>跟进记录</h2>
    ${
      followUps.length === 0
        ? html`<p>还没有跟进记录。</p>`
        : html`<ol>
            ${followUps.map((item) => html`<li>${shanghaiMinute(item.at)} ${item.actor}：<strong>${statusLabel(item.status)}</strong>${item.note ? `，${item.note}` : ''}</li>`)}
          </ol>`
    }
    <form
      class="follow-up"
      method="post"
      action="/staff/declarations/${entry.reference}/follow-ups"
    >
      <div class="field">
        <label for="status">跟进状态</label>
        <select id="status" name="status">
          ${options(
            FOLLOW_UP_STATUSES.filter((status) => status !== 'new').map(
              (status) => [status, STATUS_LABELS[status]] as const,
            ),
            entry.status,
          )}
        </select>
      </div>
      <div class="field">
        <label for="note">记录（选填）</label>
        <textarea id="note" name="note" rows="3" maxlength="500"></textarea>
      </div>
      <button class="button" type="submit">保存跟进记录</button>
    </form>
  `;
}

/** The audit log for admins. */
export function auditView(records: readonly AuditRecord[]): Html {
  return html` <h1>操作记录</h1>
    <p>查看完整信息、导出台账和更新跟进状态都会记录在这里（最新的 200 条）。</p>
    <ul class="entries">
      ${records.map(
        (record) =>
          html`<li>
            ${shanghaiMinute(record.at)} ${record.actor} ·
            <strong>${AUDIT_ACTIONS[record.action]}</strong
            >${record.reference ? html` · <a href="/staff/declarations/${record.reference}/">${record.reference}</a>` : ''}${record.detail ? ` · ${record.detail}` : ''}
          </li>`,
      )}
    </ul>`;
}
