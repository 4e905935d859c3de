/**
 * A call's platform log in the report: the call's state on the emulated Messenger Calling
 * platform, its webhooks (a row per delivery attempt), the business's Graph requests, and the
 * media edge's SDP in collapsible blocks. Times are seconds after the platform created the call,
 * on the platform's clock like every time in the log (the harness's own call start is another
 * clock's moment). Everything from the log is escaped: bodies and SDP are text written by the
 * business and the platform. A results.json from disk may be malformed, so every list is
 * checked before it is read. Pure.
 */
import type { PlatformLog, PlatformRequest, PlatformWebhook, PlatformWebhookAttempt } from '../../results/platformLog.ts';
import type { CallResult } from '../../results/resultsTypes.ts';
import { formatNumber } from '../../metrics/formatNumber.ts';
import { escapeHtml } from './escapeHtml.ts';

/** of a Graph answer shown in the requests table, characters (the whole answer is in results.json) */
const RESPONSE_CHARS = 200;

const list = <T,>(value: unknown): T[] => (Array.isArray(value) ? (value.filter((v) => v !== null && typeof v === 'object') as T[]) : []);
const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** ms since the epoch → "+10.005 s" after the platform created the call; "–" when either is unknown */
function since(originMs: number | undefined, ms: unknown): string {
  if (originMs === undefined || !finite(ms)) return '–';
  const s = (ms - originMs) / 1000;
  return `${s < 0 ? '−' : '+'}${Math.abs(s).toFixed(3)} s`;
}

function statusCell(status: unknown): string {
  if (!finite(status) || status === 0) return '<td class="num no">—</td>';
  return `<td class="num ${status >= 200 && status < 300 ? 'ok' : 'no'}">${escapeHtml(status)}</td>`;
}

function webhookRows(w: PlatformWebhook, originMs: number | undefined): string {
  const head = `<td class="num">${escapeHtml(w.seq)}</td><td><code>${escapeHtml(w.event)}</code></td><td>${escapeHtml(w.kind)}${w.forged === true && w.kind !== 'forged' ? ' (forged)' : ''}</td>`;
  const attempts = list<PlatformWebhookAttempt>(w.attempts);
  if (attempts.length === 0) return `<tr>${head}<td class="muted" colspan="5">not sent</td><td>${escapeHtml(w.outcome)}</td></tr>`;
  return attempts
    .map(
      (a) =>
        `<tr>${head}<td class="num">${escapeHtml(a.attempt)}</td><td class="num">${since(originMs, a.startedAtMs)}</td>${statusCell(a.status)}` +
        `<td class="num">${finite(a.latencyMs) ? `${escapeHtml(formatNumber(a.latencyMs))} ms` : '–'}</td><td>${a.error ? escapeHtml(a.error) : ''}</td><td>${escapeHtml(w.outcome)}</td></tr>`,
    )
    .join('\n');
}

function requestRow(r: PlatformRequest, originMs: number | undefined): string {
  const what = r.action !== undefined ? `<code>${escapeHtml(r.action)}</code> ` : '';
  const took = finite(r.answeredAtMs) && finite(r.receivedAtMs) ? `${escapeHtml(formatNumber(r.answeredAtMs - r.receivedAtMs))} ms` : '–';
  const response = typeof r.response === 'string' ? r.response : '';
  return (
    `<tr><td class="num">${since(originMs, r.receivedAtMs)}</td><td class="num">${took}</td><td>${escapeHtml(r.method)}</td><td>${what}<code>${escapeHtml(r.path)}</code></td>` +
    `${statusCell(r.status)}<td>${r.fault ? escapeHtml(r.fault) : ''}</td><td><code>${escapeHtml(response.slice(0, RESPONSE_CHARS))}${response.length > RESPONSE_CHARS ? '…' : ''}</code></td></tr>`
  );
}

function sdpBlock(title: string, sdp: unknown): string {
  if (typeof sdp !== 'string' || sdp === '') return '';
  return `<details class="raw sdp"><summary>${escapeHtml(title)}</summary><pre class="json">${escapeHtml(sdp)}</pre></details>`;
}

function stateLine(log: PlatformLog, originMs: number | undefined): string {
  const state = log.state ?? ({} as Partial<PlatformLog['state']>);
  const edge = log.edge ?? ({} as Partial<PlatformLog['edge']>);
  const items: [string, string][] = [
    ['platform call id', `<code>${escapeHtml(log.callId)}</code>`],
    ['direction', escapeHtml(state.direction ?? '–')],
    ['created', finite(originMs) ? escapeHtml(new Date(originMs).toISOString()) : '–'],
    ['connected', finite(state.connectedAtMs) ? since(originMs, state.connectedAtMs) : 'never'],
    ['ended', finite(state.endedAtMs) ? `${since(originMs, state.endedAtMs)}${state.endedBy ? ` (${escapeHtml(state.endedBy)})` : ''}` : 'not ended'],
    ['first audio to the business', finite(edge.firstAudioToBusinessAtMs) ? since(originMs, edge.firstAudioToBusinessAtMs) : 'none'],
  ];
  return `<dl class="meta" style="margin:12px 0">${items.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

/** The call's "Platform" section; empty when the call did not go through the platform. */
export function renderPlatformLog(call: CallResult): string {
  const log = call.platform;
  if (log === null || typeof log !== 'object') return '';
  const originMs = finite(log.state?.createdAtMs) ? log.state.createdAtMs : undefined;
  const webhooks = list<PlatformWebhook>(log.webhooks);
  // in the order they arrived, whatever order the log was written in
  const requests = list<PlatformRequest>(log.requests).sort((a, b) => (finite(a.receivedAtMs) && finite(b.receivedAtMs) ? a.receivedAtMs - b.receivedAtMs : 0));
  const edge = log.edge ?? ({} as Partial<PlatformLog['edge']>);
  const webhookTable = webhooks.length
    ? `<div class="table-wrap"><table class="platform-webhooks">
<thead><tr><th class="num">#</th><th>event</th><th>kind</th><th class="num">attempt</th><th class="num">sent</th><th class="num">HTTP</th><th class="num">latency</th><th>error</th><th>outcome</th></tr></thead>
<tbody>
${webhooks.map((w) => webhookRows(w, originMs)).join('\n')}
</tbody></table></div>`
    : '<p class="muted">The platform sent no webhook for this call.</p>';
  const requestTable = requests.length
    ? `<div class="table-wrap"><table class="platform-requests">
<thead><tr><th class="num">received</th><th class="num">answered after</th><th>method</th><th>action / path</th><th class="num">HTTP</th><th>fault</th><th>answer</th></tr></thead>
<tbody>
${requests.map((r) => requestRow(r, originMs)).join('\n')}
</tbody></table></div>`
    : '<p class="muted">The business made no Graph request about this call.</p>';
  const updates = Array.isArray(edge.mediaUpdates) ? edge.mediaUpdates : [];
  const sdp = [
    sdpBlock("The edge's SDP answer", edge.answer),
    sdpBlock("The edge's renegotiation offer (sent with the answer)", edge.renegotiation),
    ...updates.map((offer, i) => sdpBlock(`The edge's offer in media_update #${i + 1}`, offer)),
  ].join('\n');
  const differences = Array.isArray(edge.differences) && edge.differences.length > 0
    ? `<div class="callout note"><strong>How the emulated edge differs from Meta's:</strong><ul>${edge.differences.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul></div>`
    : '';
  return `<h3>Platform</h3>
<div class="platform-log">
${stateLine(log, originMs)}
<h4>Webhooks</h4>
<p class="muted">One row per delivery attempt; times in seconds after the platform created the call.</p>
${webhookTable}
<h4>Graph requests</h4>
${requestTable}
${sdp}
${differences}
</div>`;
}
