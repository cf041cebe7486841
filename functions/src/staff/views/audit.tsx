/** The audit log for admins: who revealed, exported or changed what, and when. */
import { shanghaiMinute } from '../../../../src/lib/dates';
import type { AuditRecord } from '../../db/ledger';

const AUDIT_ACTIONS = {
  reveal: '查看完整信息',
  export: '导出台账',
  status: '更新跟进状态',
} as const;

/** The newest audit records. */
export function AuditView({ records }: { records: readonly (AuditRecord & { id: number })[] }) {
  return (
    <>
      <h1>操作记录</h1>
      <p>查看完整信息、导出台账和更新跟进状态都会记录在这里（最新的 200 条）。</p>
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
            {record.detail ? ` · ${record.detail}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
