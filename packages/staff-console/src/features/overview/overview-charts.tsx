import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PurposeOverviewItem } from './overview.queries';

// Loaded on demand (overview-section.tsx): Recharts is most of the overview's weight, and most visits never open it.

/** Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito), and are not the only cue: the table below repeats every number. */
const COLOURS = { grants: '#009E73', refusals: '#D55E00', withdrawals: '#0072B2', decidedLater: '#CC79A7' } as const;

/** Grants, refusals and withdrawals per day or week of one purpose, as stacked bars. */
export function AnswersOverTimeChart({ item, label }: { item: PurposeOverviewItem; label: string }) {
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={item.series} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="start" tickFormatter={(d: string) => d.slice(5)} minTickGap={16} fontSize={12} />
          <YAxis allowDecimals={false} width={40} fontSize={12} />
          <Tooltip />
          <Legend />
          <Bar dataKey="grants" name="Grants" stackId="a" fill={COLOURS.grants} isAnimationActive={false} />
          <Bar dataKey="refusals" name="Refusals" stackId="a" fill={COLOURS.refusals} isAnimationActive={false} />
          <Bar
            dataKey="withdrawals"
            name="Withdrawals"
            stackId="a"
            fill={COLOURS.withdrawals}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** How each notice version's prompt was answered for one purpose: granted, refused, decided later. */
export function NoticeAnswersChart({ item, label }: { item: PurposeOverviewItem; label: string }) {
  const data = item.byNoticeVersion.map((v) => ({ ...v, name: `v${v.version}` }));
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} fontSize={12} />
          <YAxis type="category" dataKey="name" width={40} fontSize={12} />
          <Tooltip />
          <Legend />
          <Bar dataKey="granted" name="Granted" stackId="a" fill={COLOURS.grants} isAnimationActive={false} />
          <Bar dataKey="refused" name="Refused" stackId="a" fill={COLOURS.refusals} isAnimationActive={false} />
          <Bar
            dataKey="decidedLater"
            name="Not answered yet"
            stackId="a"
            fill={COLOURS.decidedLater}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
