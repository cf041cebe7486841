/**
 * The ledger as a workbench (issue 12): search and filters, a dense table on a PC that becomes a
 * compact list on a phone, one tap to call, check boxes for a bulk status change, duplicate flags.
 */
import { daysBetween, shanghaiDate } from '../../../../src/lib/dates';
import { RISK_LABELS } from '../../../../src/lib/policy';
import type { LedgerFilter, Sort } from '../../db/ledger-query';
import type { Site } from '../../site';
import { FOLLOW_UP_STATUSES, STATUS_LABELS, maskedItem, type LedgerEntry } from '../entry';
import { GridSelect, Options, RiskTag, StatusTag } from './common';

/** A possible duplicate of a row: another declaration with its ID number. */
export interface Duplicate {
  kind: 'near' | 'names';
  /** The other declaration, when the viewer may open it. */
  reference: string | undefined;
}

interface Props {
  entries: readonly LedgerEntry[];
  filter: LedgerFilter;
  site: Site;
  admin: boolean;
  /** The query of this page, kept on the export links and the paging. */
  query: URLSearchParams;
  sort: Sort;
  total: number;
  duplicates: ReadonlyMap<string, readonly Duplicate[]>;
  today: string;
  /** The next page's query string, when there is one. */
  next: string | undefined;
  firstPage: boolean;
  searchText: string;
}

const DUPLICATE_TEXT = { near: '同一证件7天内另有报备', names: '同一证件号码有不同姓名' } as const;

function Filters({
  filter,
  site,
  admin,
  sort,
  searchText,
}: Pick<Props, 'filter' | 'site' | 'admin' | 'sort' | 'searchText'>) {
  // Open while any of them is in use, so a filter is never applied out of sight.
  const more =
    [
      filter.areaId,
      filter.risk,
      filter.status,
      filter.from,
      filter.to,
      filter.arrivalFrom,
      filter.arrivalTo,
    ].some(Boolean) ||
    (admin && filter.gridId !== undefined);
  const areas = site.community.areas.filter(
    (area) => !filter.gridId || area.grid === filter.gridId,
  );
  return (
    <form class="filters" method="get" action="/staff/declarations/" role="search">
      <div class="wide">
        <label for="q">查找</label>
        <input
          id="q"
          name="q"
          type="search"
          value={searchText}
          placeholder="回执编号、姓名、手机号，或证件号码后4位"
        />
      </div>
      <div>
        <label for="sort">排序</label>
        <select id="sort" name="sort">
          <Options
            values={[
              ['time', '最新提交在前'],
              ['urgency', '最需要处理在前'],
            ]}
            selected={sort}
          />
        </select>
      </div>
      <div>
        <button class="button" type="submit">
          查找
        </button>
      </div>
      <details open={more}>
        <summary>更多筛选：网格、片区、风险、状态、日期</summary>
        <div>
          {admin && <GridSelect site={site} selected={filter.gridId} all="全部" />}
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
            <label for="arrivalFrom">到达日期从</label>
            <input
              id="arrivalFrom"
              name="arrivalFrom"
              type="date"
              value={filter.arrivalFrom ?? ''}
            />
          </div>
          <div>
            <label for="arrivalTo">到</label>
            <input id="arrivalTo" name="arrivalTo" type="date" value={filter.arrivalTo ?? ''} />
          </div>
          <div>
            <label for="from">提交日期从</label>
            <input id="from" name="from" type="date" value={filter.from ?? ''} />
          </div>
          <div>
            <label for="to">到</label>
            <input id="to" name="to" type="date" value={filter.to ?? ''} />
          </div>
        </div>
      </details>
    </form>
  );
}

/** The ledger page. */
export function ListView(props: Props) {
  const { entries, filter, query, total, duplicates, today, next, firstPage } = props;
  const exportQuery = new URLSearchParams(query);
  for (const key of ['after', 'page', 'sort']) exportQuery.delete(key);
  const exportSuffix = exportQuery.size ? `&${exportQuery.toString()}` : '';
  const back = `?${query.toString()}`;
  return (
    <>
      <h1>报备台账</h1>
      <Filters {...props} />
      <div class="list-head">
        <p role="status">
          共 {total} 条{firstPage ? '' : '（这是后面的一页）'}
          ，姓名、电话、证件号码已部分隐藏；点“拨打”会显示完整号码并记入操作记录。
        </p>
        <p class="actions">
          <a class="button secondary" href={`/staff/export?format=xlsx${exportSuffix}`}>
            导出 Excel
          </a>
          <a class="button secondary" href={`/staff/export?format=csv${exportSuffix}`}>
            导出 CSV
          </a>
        </p>
      </div>
      {entries.length === 0 ? (
        <p class="callout">没有符合条件的报备。</p>
      ) : (
        <form method="post" action="/staff/declarations/bulk-status">
          <input type="hidden" name="back" value={back} />
          <table class="ledger">
            <caption class="visually-hidden">报备台账，每行一位报备人</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">选择</span>
                </th>
                <th scope="col">回执编号</th>
                <th scope="col">姓名</th>
                <th scope="col">电话</th>
                <th scope="col">片区</th>
                <th scope="col">到达</th>
                <th scope="col">风险</th>
                <th scope="col">状态</th>
                <th scope="col">提醒</th>
                <th scope="col">
                  <span class="visually-hidden">拨打</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const masked = maskedItem(entry);
                const waiting = daysBetween(shanghaiDate(new Date(entry.receivedAt)), today);
                const notes = [
                  ...(duplicates.get(entry.reference) ?? []).map((duplicate) => (
                    <span class="flag" key={`${duplicate.kind}${duplicate.reference ?? ''}`}>
                      可能重复：{DUPLICATE_TEXT[duplicate.kind]}
                      {duplicate.reference && (
                        <>
                          {' '}
                          <a href={`/staff/declarations/${duplicate.reference}/`}>
                            {duplicate.reference}
                          </a>
                        </>
                      )}
                    </span>
                  )),
                  ...(entry.outcome?.testDays.includes(today)
                    ? [<span key="test">今天核酸</span>]
                    : []),
                  ...(entry.status === 'new' && waiting > 0
                    ? [<span key="wait">已等{waiting}天</span>]
                    : []),
                ];
                return (
                  <tr key={entry.reference}>
                    <td>
                      <input
                        type="checkbox"
                        name="reference"
                        value={entry.reference}
                        aria-label={`选择 ${entry.reference}`}
                      />
                    </td>
                    <td data-label="回执编号">
                      <a class="ref" href={`/staff/declarations/${entry.reference}/`}>
                        {entry.reference}
                      </a>
                    </td>
                    <td data-label="姓名">{masked.name}</td>
                    <td data-label="电话">{masked.phone}</td>
                    <td data-label="片区">{entry.areaName}</td>
                    <td data-label="到达">{entry.arrivalDate.slice(5)}</td>
                    <td data-label="风险">
                      <RiskTag risk={entry.risk} />
                    </td>
                    <td data-label="状态">
                      <StatusTag status={entry.status} />
                    </td>
                    <td data-label="提醒" class="notes">
                      {notes}
                    </td>
                    <td>
                      <button
                        class="button call"
                        type="submit"
                        formaction={`/staff/declarations/${entry.reference}/call`}
                        aria-label={`拨打 ${masked.name} 的电话`}
                      >
                        拨打
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="bulk">
            <label for="bulk-status">把勾选的改成</label>
            <select id="bulk-status" name="status">
              <Options
                values={FOLLOW_UP_STATUSES.filter((status) => status !== 'new').map(
                  (status) => [status, STATUS_LABELS[status]] as const,
                )}
                selected={undefined}
              />
            </select>
            <button class="button secondary" type="submit">
              批量更新
            </button>
          </div>
        </form>
      )}
      <p class="actions">
        {!firstPage && (
          <a
            href={`/staff/declarations/?${exportQuery.toString()}${props.sort === 'urgency' ? '&sort=urgency' : ''}`}
          >
            回到第一页
          </a>
        )}
        {next && <a href={`/staff/declarations/${next}`}>下一页 →</a>}
      </p>
      {filter.limit < total && firstPage && <p class="meta">每页 {filter.limit} 条。</p>}
    </>
  );
}
