/** The audit log for admins: who revealed, exported or changed what, and when. */
import { shanghaiMinute } from '../../../../src/lib/dates';
import type { ArrivalDetail } from '../../db/arrival';
import type { AuditAction, AuditRecord } from '../../db/ledger';

const AUDIT_ACTIONS = {
  reveal: '查看完整信息',
  export: '导出台账',
  status: '更新跟进状态',
  call: '拨打电话',
  checkin: '代为记录体温',
  closeout: '办结或延长健康监测',
  search: '按证件号码或电话查找',
  arrival: '卡口登记到达',
} as const satisfies Record<AuditAction, string>;

// The checkpoint's details, in words.
const ARRIVAL_DETAILS = {
  checkpoint: '已到达',
  undone: '撤销到达登记（登记错了）',
} as const satisfies Record<ArrivalDetail, string>;

const detailText = ({ action, detail }: AuditRecord) =>
  (action === 'arrival' && ARRIVAL_DETAILS[detail as ArrivalDetail]) || detail;

/** The newest audit records. */
export function AuditView({ records }: { records: readonly (AuditRecord & { id: number })[] }) {
  return (
    <>
      <h1>操作记录</h1>
      <p>
        查看完整信息、拨打电话、导出台账、更新跟进状态和代为记录体温都会记录在这里（最新的 200
        条）。
      </p>
      <ul class="entries">
        {records.map((record) => (
          <li key={record.id}>
            {shanghaiMinute(record.at)} {record.actor} ·{' '}
            <strong>{AUDIT_ACTIONS[record.action]}</strong>
            {record.reference && (
              <>
                {' · '}
                <a href={`/staff/declarations/${record.reference}/`}>{record.reference}</a>
              </>
            )}
            {record.detail ? ` · ${detailText(record)}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
