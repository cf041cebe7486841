/** One declaration: masked (or revealed) identifiers, travel and health, schedule, follow-ups. */
import { chineseDate, shanghaiMinute } from '../../../../src/lib/dates';
import { regionName } from '../../regions';
import {
  HEALTH_CODE_LABELS,
  ID_TYPE_LABELS,
  NUCLEIC_TEST_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
} from '../../../../src/schemas/declaration';
import type { DeclarationRow, FollowUpRow } from '../../db/ledger';
import type { ReadingRow } from '../../db/monitoring';
import { Monitoring, type MonitoringProps } from './monitoring';
import {
  FOLLOW_UP_STATUSES,
  STATUS_LABELS,
  maskedItem,
  planOfEntry,
  type LedgerEntry,
} from '../entry';
import { Options, RiskTag, StatusTag, statusLabel } from './common';

const yesNo = (value: boolean) => (value ? '是' : '否');

interface Props {
  entry: LedgerEntry;
  row: Pick<
    DeclarationRow,
    'extended_days' | 'closeout' | 'closeout_by' | 'closeout_at' | 'arrived_at' | 'arrived_by'
  >;
  followUps: readonly FollowUpRow[];
  readings: readonly ReadingRow[];
  /** Full identifiers, after an audited reveal. */
  revealed: boolean;
  today: string;
  readingForm?: MonitoringProps['readingForm'];
  closeIssues?: MonitoringProps['closeIssues'];
}

/** One declaration with its follow-up form. */
export function DetailView({
  entry,
  row,
  followUps,
  readings,
  revealed,
  today,
  readingForm,
  closeIssues,
}: Props) {
  const d = entry.declaration;
  const shown = revealed ? d : maskedItem(entry);
  return (
    <>
      <p>
        <a href="/staff/">← 今日工作</a> · <a href="/staff/declarations/">报备台账</a>
      </p>
      <h1>报备 {entry.reference}</h1>
      <p>
        <RiskTag risk={entry.risk} /> <StatusTag status={entry.status} />
      </p>
      {revealed && (
        <p class="callout warn" role="status">
          已显示完整信息，本次查看已记入操作记录。离开本页后恢复隐藏。
        </p>
      )}
      <h2>本人</h2>
      <dl class="facts">
        <dt>姓名</dt>
        <dd>{shown.name}</dd>
        <dt>证件</dt>
        <dd>
          {ID_TYPE_LABELS[d.idType]} {shown.idNumber}
        </dd>
        <dt>电话</dt>
        <dd>
          {revealed ? (
            <a class="phone" href={`tel:${d.phone}`}>
              {d.phone}
            </a>
          ) : (
            shown.phone
          )}
        </dd>
        <dt>住址</dt>
        <dd>
          {entry.areaName} {d.addressDetail}
        </dd>
        <dt>网格</dt>
        <dd>{entry.gridName}</dd>
      </dl>
      {!revealed && (
        <form
          method="post"
          action={`/staff/declarations/${entry.reference}/reveal`}
          class="actions"
        >
          <button class="button secondary" type="submit">
            显示完整姓名、电话和证件号码
          </button>
          <span class="meta">需要联系本人时再点；每次查看都会记录。</span>
        </form>
      )}
      <h2>行程</h2>
      <dl class="facts">
        <dt>从哪里来</dt>
        <dd>
          {regionName(d.originRegion) ?? d.originRegion}
          {d.originDetail ? ` ${d.originDetail}` : ''}
        </dd>
        <dt>出发</dt>
        <dd>{chineseDate(d.departureDate)}</dd>
        <dt>到达</dt>
        <dd>
          {chineseDate(d.arrivalDate)}
          {row.arrived_at
            ? `，卡口已登记到达（${shanghaiMinute(row.arrived_at)}，${row.arrived_by ?? ''}）`
            : ''}
        </dd>
        <dt>交通</dt>
        <dd>
          {TRANSPORT_LABELS[d.transport]}
          {d.transportDetail ? ` ${d.transportDetail}` : ''}，同行 {d.companions} 人
        </dd>
        <dt>途经风险地区</dt>
        <dd>{yesNo(d.viaRiskArea)}</dd>
      </dl>
      <h2>健康情况</h2>
      <dl class="facts">
        <dt>健康码</dt>
        <dd>{HEALTH_CODE_LABELS[d.healthCode]}</dd>
        <dt>症状</dt>
        <dd>
          {d.symptoms.length
            ? d.symptoms.map((symptom) => SYMPTOM_LABELS[symptom]).join('、')
            : '无'}
        </dd>
        <dt>体温</dt>
        <dd>{d.temperature === undefined ? '未填' : `${d.temperature} ℃`}</dd>
        <dt>核酸</dt>
        <dd>
          {NUCLEIC_TEST_LABELS[d.nucleicTest]}
          {d.nucleicTestDate ? `（${chineseDate(d.nucleicTestDate)}）` : ''}
        </dd>
        <dt>密切接触者</dt>
        <dd>{yesNo(d.closeContact)}</dd>
        <dt>评估原因</dt>
        <dd>{entry.outcome?.reasons.length ? entry.outcome.reasons.join('；') : '无'}</dd>
        {d.note && (
          <>
            <dt>备注</dt>
            <dd>{d.note}</dd>
          </>
        )}
      </dl>
      <Monitoring
        entry={entry}
        plan={planOfEntry(entry, row.extended_days, row.closeout)}
        closedBy={row.closeout_by}
        closedAt={row.closeout_at}
        readings={readings}
        today={today}
        readingForm={readingForm}
        closeIssues={closeIssues}
      />
      <h2>跟进记录</h2>
      {followUps.length === 0 ? (
        <p>还没有跟进记录。</p>
      ) : (
        <ol>
          {followUps.map((item) => (
            <li key={item.at}>
              {shanghaiMinute(item.at)} {item.actor}：<strong>{statusLabel(item.status)}</strong>
              {item.note ? `，${item.note}` : ''}
            </li>
          ))}
        </ol>
      )}
      <form
        class="follow-up"
        method="post"
        action={`/staff/declarations/${entry.reference}/follow-ups`}
      >
        <div class="field">
          <label for="status">跟进状态</label>
          <p class="meta" id="status-hint">
            选“已解除监测”“已转诊”或“失联”，健康监测也就此办结，本人的报告链接随之关闭；改回其他状态会重新开始。
          </p>
          <select id="status" name="status" aria-describedby="status-hint">
            <Options
              values={FOLLOW_UP_STATUSES.filter((status) => status !== 'new').map(
                (status) => [status, STATUS_LABELS[status]] as const,
              )}
              selected={entry.status}
            />
          </select>
        </div>
        <div class="field">
          <label for="note">记录（选填）</label>
          <textarea id="note" name="note" rows={3} maxLength={500} />
        </div>
        <button class="button" type="submit">
          保存跟进记录
        </button>
      </form>
    </>
  );
}
