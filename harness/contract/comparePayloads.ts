/**
 * Field-by-field differences between the payloads different transforms built from the same
 * snapshot, for results.json and the report: a team sees where its body departs from `spec`
 * and from the documented script. Pure.
 */
import { canonicalJson } from './canonicalJson.ts';

export interface PayloadDifference {
  /** dotted path of a leaf, e.g. `audio_stats.round_trip_time_ms` */
  field: string;
  /** the value under each transform's name; a transform whose payload lacks the field has no key */
  values: Record<string, unknown>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Leaves of a JSON-like value by dotted path; arrays and non-objects are leaves. */
function leaves(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix !== '') out.set(prefix, value);
    for (const key of keys) leaves(value[key], prefix === '' ? key : `${prefix}.${key}`, out);
    return;
  }
  if (prefix === '' && value === undefined) return;
  out.set(prefix, value);
}

/**
 * @param byTransform each transform's payload by transform name (e.g. `spec`, `documented`, `./team.js`)
 * @returns one entry per leaf path that is absent from some payload or differs between them,
 *   sorted by path; [] when all payloads agree
 */
export function comparePayloads(byTransform: Record<string, unknown>): PayloadDifference[] {
  const names = Object.keys(byTransform);
  const flat = new Map<string, Map<string, unknown>>();
  const paths = new Set<string>();
  for (const name of names) {
    const map = new Map<string, unknown>();
    leaves(byTransform[name], '', map);
    for (const path of map.keys()) paths.add(path);
    flat.set(name, map);
  }
  const differences: PayloadDifference[] = [];
  for (const path of [...paths].sort()) {
    const values: Record<string, unknown> = {};
    let first: { present: boolean; value: unknown } | undefined;
    let differs = false;
    for (const name of names) {
      const map = flat.get(name) as Map<string, unknown>;
      const present = map.has(path) && map.get(path) !== undefined;
      const value = map.get(path);
      if (present) values[name] = value;
      if (!first) first = { present, value };
      else if (first.present !== present || (present && canonicalJson(first.value) !== canonicalJson(value))) differs = true;
    }
    if (differs) differences.push({ field: path, values });
  }
  return differences;
}
