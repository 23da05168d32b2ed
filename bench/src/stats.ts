/** Percentile of samples (nearest rank), 0 when there are none. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return 0;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

import type { LoadAtStart } from './machine';

export interface ScenarioResult {
  name: string;
  metric: string;
  value: number;
  unit?: string;
  baseline?: { name: string; value: number };
  ratio?: number;
  /** The target: a minimum ratio ('ratio >= t'), or a maximum / minimum value. */
  target?: number;
  targetKind?: 'min-ratio' | 'max-value' | 'min-value';
  pass?: boolean;
  notes?: string;
  /** Figures measured beside the value (B1: frames_per_s, bytes_per_s, p99_ms, ...). */
  details?: Record<string, number>;
  /** The machine's load when the row's scenario started (underLoad: above the core count). */
  loadAtStart?: LoadAtStart;
}

/** Fill in ratio and pass from the value, the baseline and the target. */
export function judged(result: ScenarioResult): ScenarioResult {
  const ratio =
    result.baseline && result.baseline.value > 0
      ? round(result.value / result.baseline.value, 3)
      : undefined;
  let pass: boolean | undefined;
  if (result.target !== undefined) {
    if (result.targetKind === 'min-ratio') pass = (ratio ?? 0) >= result.target;
    else if (result.targetKind === 'max-value') pass = result.value <= result.target;
    else if (result.targetKind === 'min-value') pass = result.value >= result.target;
  }
  return {
    ...result,
    value: round(result.value),
    ...(ratio !== undefined ? { ratio } : {}),
    ...(pass !== undefined ? { pass } : {}),
    ...(result.details
      ? {
          details: Object.fromEntries(
            Object.entries(result.details).map(([name, value]) => [name, round(value)]),
          ),
        }
      : {}),
  };
}

export function formatTable(results: ScenarioResult[]): string {
  const rows = results.map((result) => [
    result.name,
    result.metric,
    `${result.value}${result.unit ? ` ${result.unit}` : ''}`,
    result.baseline ? `${result.baseline.name}: ${round(result.baseline.value)}` : '',
    result.ratio !== undefined ? `${result.ratio}x` : '',
    result.target === undefined
      ? ''
      : result.targetKind === 'min-ratio'
        ? `>= ${result.target}x`
        : `${result.targetKind === 'max-value' ? '<=' : '>='} ${result.target}`,
    (result.pass === undefined ? '' : result.pass ? 'PASS' : 'MISS') +
      (result.loadAtStart?.underLoad ? ' (under load)' : ''),
    Object.entries(result.details ?? {})
      .map(
        ([name, value]) => `${name} ${round(value, value < 100 ? 1 : 0).toLocaleString('en-US')}`,
      )
      .join(', '),
  ]);
  const header = ['scenario', 'metric', 'value', 'baseline', 'ratio', 'target', '', 'details'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}
