/**
 * Loads one function from a team's module the page server bundled (`--transform PATH` as
 * /transform.js, `--submitter PATH` as /submitter.js). Runs in the page. A module may export
 * the function by name or on its default export.
 */
export async function loadTeamFunction<F>(url: string, name: string, signature: string): Promise<F | { error: string }> {
  try {
    const mod = (await import(url)) as Record<string, unknown> & { default?: Record<string, unknown> };
    const fn = mod[name] ?? mod.default?.[name];
    if (typeof fn !== 'function') return { error: `does not export a function ${name}${signature}` };
    return fn as F;
  } catch (error) {
    return { error: `failed to load: ${(error as Error).message}` };
  }
}
