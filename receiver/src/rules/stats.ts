// Robust statistics for the anomaly rule: median and median absolute deviation resist the
// outliers they are meant to find, where mean and standard deviation would be dragged along.

export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation, scaled (×1.4826) to estimate a standard deviation. */
export function mad(values: readonly number[], med = median(values)): number {
  return 1.4826 * median(values.map((v) => Math.abs(v - med)));
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1]!;
}
