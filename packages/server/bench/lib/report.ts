import fs from 'node:fs';
import path from 'node:path';
import type { Reps } from './stats.ts';

/** How a value is shown. */
export type Unit =
  | 'req/s'
  | 'decisions/s'
  | 'rows/s'
  | 'records/s'
  | 'ms'
  | 's'
  | '% of a core'
  | 'bytes'
  | 'B/subject'
  | 'stale permits';

/** One line of the results table. */
export interface Row {
  /** Scenario number and letter, e.g. '1a'. */
  id: string;
  scenario: string;
  value: Reps | null;
  unit: Unit;
  baseline?: { name: string; value: Reps; unit: Unit } | null;
  /** value / baseline (median of paired ratios where the repetitions ran in pairs). */
  ratio?: number | null;
  /** The target as written in the issue, e.g. '≥ 0.5×'. */
  target?: string;
  /** true = met, false = missed, null = no target (reported for information). */
  pass: boolean | null;
  note?: string;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
/** Three significant digits for latencies. */
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n >= 1 ? n.toFixed(2) : n.toFixed(3));

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

export function formatValue(v: number, unit: Unit): string {
  if (!Number.isFinite(v)) return 'n/a';
  switch (unit) {
    case 'ms':
      return `${ms(v)} ms`;
    case 's':
      return `${v.toFixed(1)} s`;
    case '% of a core':
      return `${v.toFixed(0)}% of a core`;
    case 'bytes':
      return formatBytes(v);
    case 'B/subject':
      return `${int(v)} B/subject`;
    default:
      return `${int(v)} ${unit}`;
  }
}

/** The median, with the range of the repetitions when there are several. */
export function formatReps(r: Reps | null | undefined, unit: Unit): string {
  if (!r) return '—';
  const v = formatValue(r.median, unit);
  if (r.values.length < 2 || r.min === r.max) return v;
  const short = (x: number) =>
    unit === 'ms' ? ms(x) : unit === 's' ? x.toFixed(1) : unit === 'bytes' ? formatBytes(x) : int(x);
  const lo = short(r.min);
  const hi = short(r.max);
  return `${v} (${lo}–${hi})`;
}

const result = (p: boolean | null) => (p === null ? 'info' : p ? 'pass' : '**miss**');

/** The results as a markdown table. */
export function markdownTable(rows: Row[]): string {
  const lines = [
    '| # | scenario | value (median, min–max) | baseline | ratio | target | result |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const baseline = r.baseline ? `${r.baseline.name}: ${formatReps(r.baseline.value, r.baseline.unit)}` : '—';
    const ratio = r.ratio == null || !Number.isFinite(r.ratio) ? '—' : `${r.ratio.toFixed(2)}×`;
    const note = r.note ? ` — ${r.note}` : '';
    lines.push(
      `| ${r.id} | ${r.scenario}${note} | ${r.value ? formatReps(r.value, r.unit) : 'pending'} | ${baseline} | ${ratio} | ${r.target ?? '—'} | ${result(r.pass)} |`,
    );
  }
  return lines.join('\n');
}

/** Replaces (or appends) the block between `<!-- bench:key:begin -->` and `<!-- bench:key:end -->`. */
export function replaceBlock(file: string, key: string, body: string, heading: string): void {
  const begin = `<!-- bench:${key}:begin -->`;
  const end = `<!-- bench:${key}:end -->`;
  const block = `${begin}\n${body.trim()}\n${end}`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = text.slice(0, i) + block + text.slice(j + end.length);
  else text = `${text.trimEnd()}\n\n${heading}\n\n${block}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
