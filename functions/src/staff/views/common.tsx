/** Small pieces every staff view shares: risk and status tags, select options, the grid filter. */
import { RISK_LABELS, type Risk } from '../../../../src/lib/policy';
import type { Site } from '../../site';
import { STATUS_LABELS, isFollowUpStatus } from '../entry';

/** The Chinese name of a follow-up state, or the stored value when it is unknown. */
export const statusLabel = (status: string) =>
  isFollowUpStatus(status) ? STATUS_LABELS[status] : status;

/** The risk as a coloured tag with its name (colour is never the only signal). */
export function RiskTag({ risk }: { risk: Risk }) {
  return <span class={`tag risk-${risk}`}>{RISK_LABELS[risk]}</span>;
}

/** The follow-up state as a tag. */
export function StatusTag({ status }: { status: string }) {
  return <span class="tag">{statusLabel(status)}</span>;
}

/** `<option>`s for `[value, label]` pairs, `selected` marked. */
export function Options({
  values,
  selected,
}: {
  values: readonly (readonly [string, string])[];
  selected: string | undefined;
}) {
  return (
    <>
      {values.map(([value, label]) => (
        <option key={value} value={value} selected={value === selected}>
          {label}
        </option>
      ))}
    </>
  );
}

/** An admin's grid filter (`grid`): one of community.yaml's grids, or `all` of them. */
export function GridSelect({
  site,
  selected,
  all,
}: {
  site: Site;
  selected: string | undefined;
  all: string;
}) {
  return (
    <div>
      <label for="grid">网格</label>
      <select id="grid" name="grid">
        <option value="">{all}</option>
        <Options
          values={site.community.grids.map((grid) => [grid.id, grid.name] as const)}
          selected={selected}
        />
      </select>
    </div>
  );
}
