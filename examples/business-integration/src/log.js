/**
 * One line per event on stdout: ISO time, the event, then its fields as key=value (values with
 * spaces quoted as JSON). The test harness keeps stdout, so these lines are the integration's
 * side of the story.
 * @param {string} event
 * @param {Record<string, unknown>} [fields]
 */
export function log(event, fields = {}) {
  const parts = [new Date().toISOString(), event];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}=${/[\s"]/.test(text) ? JSON.stringify(text) : text}`);
  }
  process.stdout.write(`${parts.join(' ')}\n`);
}
