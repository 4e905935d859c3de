/**
 * Submits the payload from the page (runs in the browser). Temporary single-attempt POST;
 * replaced by the resilient submitter.
 */
import type { AgentInit } from './agentProtocol.ts';

export async function submitPayload(
  payload: Record<string, unknown>,
  submit: NonNullable<AgentInit['submit']>,
): Promise<{ accepted: boolean; attempts: unknown[]; error?: string }> {
  const startedAtMs = Date.now();
  try {
    const response = await fetch(submit.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${submit.accessToken}` },
      body: JSON.stringify(payload),
      keepalive: true,
    });
    const body = (await response.json().catch(() => null)) as { success?: boolean } | null;
    const accepted = response.ok && body?.success === true;
    return { accepted, attempts: [{ attempt: 1, startedAtMs, status: response.status }] };
  } catch (error) {
    return { accepted: false, attempts: [{ attempt: 1, startedAtMs, status: 0 }], error: String(error) };
  }
}
