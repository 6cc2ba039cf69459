// Median of ≥ 3 runs with min and max; percentiles for latency samples.
export type Figure = { median: number; min: number; max: number; runs: number };

const round = (v: number) => Math.round(v * 10) / 10;

export function summarize(values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: round(percentile(sorted, 50)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    runs: values.length,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const idx = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(idx);
  const hi = Math.ceil(idx);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (idx - lo);
}
