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
