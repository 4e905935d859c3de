/**
 * Numbers as people read them in the report, the summary and threshold messages: whole
 * numbers as they are, others with the decimals their size deserves. Pure.
 */

/** 1234 → "1234", 41.256 → "41.26", 0.04567 → "0.0457", 123.45 → "123.5"; null/NaN → "–" */
export function formatNumber(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  const text = abs >= 100 ? value.toFixed(1) : abs >= 1 ? value.toFixed(2) : value.toPrecision(3);
  // toPrecision may use exponent notation for tiny values; Number() undoes it, then trailing zeros go
  return String(Number(text));
}

/** A value with its unit: "41.26 ms", "6.9%", "12" (counts carry no unit). */
export function formatWithUnit(value: number | null | undefined, unit: string): string {
  const text = formatNumber(value);
  if (text === '–' || unit === 'count' || unit === '') return text;
  return unit === '%' ? `${text}%` : `${text} ${unit}`;
}

/** A duration as people say it: 42 → "42 s", 725 → "12 min 5 s", 7380 → "2 h 3 min"; seconds; null/NaN/negative → "–" */
export function formatDuration(seconds: number | null | undefined): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const m = Math.round(s / 60);
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
}
