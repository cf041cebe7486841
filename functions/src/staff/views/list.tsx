/** The ledger list: filters, export links and the masked entries. */
import { chineseDate, shanghaiMinute } from '../../../../src/lib/dates';
import { RISK_LABELS } from '../../../../src/lib/policy';
import type { LedgerFilter } from '../../db/ledger';
import type { Site } from '../../site';
import { STATUS_LABELS, maskedItem, type LedgerEntry } from '../entry';
import { Options, RiskTag, StatusTag } from './common';

interface Props {
  entries: readonly LedgerEntry[];
  filter: LedgerFilter;
  site: Site;
  /** The query string of this page, kept on the export links. */
  query: string;
}

/** The filter form, the export links and the masked list of entries. */
export function ListView({ entries, filter, site, query }: Props) {
  const areas = site.community.areas.filter(
    (area) => !filter.gridId || area.grid === filter.gridId,
  );
  const exportQuery = query ? `&${query}` : '';
  return (
    <>
      <h1>报备台账</h1>
      <form class="filters" method="get" action="/staff/declarations/">
        <div>
          <label for="from">提交日期从</label>
          <input id="from" name="from" type="date" value={filter.from ?? ''} />
        </div>
        <div>
          <label for="to">到</label>
          <input id="to" name="to" type="date" value={filter.to ?? ''} />
        </div>
        <div>
          <label for="area">片区</label>
          <select id="area" name="area">
            <option value="">全部</option>
            <Options
              values={areas.map((area) => [area.id, area.name] as const)}
              selected={filter.areaId}
            />
          </select>
        </div>
        <div>
          <label for="risk">风险</label>
          <select id="risk" name="risk">
            <option value="">全部</option>
            <Options values={Object.entries(RISK_LABELS)} selected={filter.risk} />
          </select>
        </div>
        <div>
          <label for="status">跟进状态</label>
          <select id="status" name="status">
            <option value="">全部</option>
            <Options values={Object.entries(STATUS_LABELS)} selected={filter.status} />
          </select>
        </div>
        <div>
          <button class="button" type="submit">
            筛选
          </button>
        </div>
      </form>
      <p class="actions">
        <a class="button secondary" href={`/staff/export?format=xlsx${exportQuery}`}>
          导出 Excel
        </a>
        <a class="button secondary" href={`/staff/export?format=csv${exportQuery}`}>
          导出 CSV
        </a>
      </p>
      <p role="status">
        共 {entries.length} 条
        {entries.length >= filter.limit ? `（只显示最新的 ${filter.limit} 条，请缩小范围）` : ''}
        ，姓名、电话、证件号码已部分隐藏。
      </p>
      {entries.length === 0 ? (
        <p class="callout">没有符合条件的报备。</p>
      ) : (
        <ul class="entries">
          {entries.map((entry) => {
            const masked = maskedItem(entry);
            return (
              <li key={entry.reference}>
                <a class="ref" href={`/staff/declarations/${entry.reference}/`}>
                  {entry.reference}
                </a>{' '}
                <RiskTag risk={entry.risk} /> <StatusTag status={entry.status} />
                <dl class="facts">
                  <dt>姓名</dt>
                  <dd>{masked.name}</dd>
                  <dt>电话</dt>
                  <dd>{masked.phone}</dd>
                  <dt>证件</dt>
                  <dd>{masked.idNumber}</dd>
                  <dt>片区</dt>
                  <dd>
                    {entry.areaName}（{entry.gridName}）
                  </dd>
                  <dt>到达</dt>
                  <dd>{chineseDate(entry.arrivalDate)}</dd>
                  <dt>提交</dt>
                  <dd>
                    {shanghaiMinute(entry.receivedAt)}
                    {entry.revision > 1 ? `（修改过${entry.revision - 1}次）` : ''}
                  </dd>
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
