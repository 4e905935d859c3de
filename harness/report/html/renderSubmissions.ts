/**
 * The submission attempts of one call on a small timeline (an inline SVG: ms after the call
 * ended, one dot per attempt, coloured by outcome) and in a table. Pure.
 */
import type { CallResult, SubmissionAttempt } from '../../results/resultsTypes.ts';
import { formatNumber } from '../../metrics/formatNumber.ts';
import { escapeHtml } from './escapeHtml.ts';

const WIDTH = 720;
const HEIGHT = 84;
const PAD = 40;
const AXIS_Y = 50;
/** attempts closer than this on the axis get their labels stacked, px */
const LABEL_GAP = 56;

function outcome(status: number): { color: string; word: string } {
  if (status >= 200 && status < 300) return { color: '#2e7d4f', word: 'accepted' };
  if (status === 0) return { color: '#7a8591', word: 'no response' };
  if (status === 429 || status >= 500) return { color: '#c0641a', word: 'transient error' };
  return { color: '#b8324a', word: 'rejected' };
}

function responseText(response: unknown): string {
  if (typeof response === 'string') return response;
  const text = JSON.stringify(response);
  return text === undefined ? '' : text;
}

export function renderSubmissions(call: CallResult): string {
  const attempts = (Array.isArray(call.submissions) ? call.submissions : []).filter((a): a is SubmissionAttempt => a !== null && typeof a === 'object');
  if (attempts.length === 0) {
    return `<p class="muted">No submission reached the endpoint${call.payload === null ? ' (the agent built no payload)' : ''}.</p>`;
  }
  const ended = typeof call.endedAtMs === 'number' ? call.endedAtMs : undefined;
  const times = attempts.map((a) => (typeof a.receivedAtMs === 'number' ? a.receivedAtMs : undefined));
  const origin = ended ?? times.find((t) => t !== undefined);
  const offsets = times.map((t) => (t !== undefined && origin !== undefined ? t - origin : undefined));
  const known = offsets.filter((o): o is number => o !== undefined);
  const lo = Math.min(0, ...known);
  const hi = Math.max(lo + 1, ...known);
  const x = (ms: number) => PAD + ((ms - lo) / (hi - lo)) * (WIDTH - 2 * PAD);
  let lastLabelX = -Infinity;
  let level = 0;
  const marks = attempts
    .map((a, i) => {
      const at = offsets[i];
      if (at === undefined) return '';
      const { color, word } = outcome(a.status);
      const cx = x(at).toFixed(1);
      // labels sit above the axis; one too close to the previous goes a line higher (two lines at most)
      level = x(at) - lastLabelX < LABEL_GAP ? (level + 1) % 3 : 0;
      lastLabelX = x(at);
      return `<g><title>#${escapeHtml(a.attempt)} HTTP ${escapeHtml(a.status || 'none')} (${word}) at +${escapeHtml(formatNumber(at))} ms</title>
<line x1="${cx}" x2="${cx}" y1="${AXIS_Y - 8}" y2="${AXIS_Y + 8}" stroke="${color}" stroke-width="1.5"/>
<circle cx="${cx}" cy="${AXIS_Y}" r="6" fill="${color}"/>
<text x="${cx}" y="${AXIS_Y - 14 - level * 13}" text-anchor="middle">#${escapeHtml(a.attempt)} ${escapeHtml(a.status || '—')}</text></g>`;
    })
    .join('\n');
  const zero = ended !== undefined ? `<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${AXIS_Y - 12}" y2="${AXIS_Y + 12}" stroke="#b8324a" stroke-dasharray="4 3"/><text x="${x(0).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle">call end</text>` : '';
  const svg = `<svg class="timeline" role="img" aria-label="submission attempts over time" viewBox="0 0 ${WIDTH} ${HEIGHT}" xmlns="http://www.w3.org/2000/svg">
<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${AXIS_Y}" y2="${AXIS_Y}" stroke="#d5d9de" stroke-width="2"/>
<text x="${WIDTH - PAD}" y="${HEIGHT - 6}" text-anchor="end">+${escapeHtml(formatNumber(hi))} ms</text>
${zero}
${marks}
</svg>`;
  const rows = attempts
    .map((a, i) => {
      const { word } = outcome(a.status);
      const at = offsets[i];
      return `<tr><td class="num">${escapeHtml(a.attempt)}</td><td class="num">${escapeHtml(a.status || '—')}</td><td>${escapeHtml(word)}</td><td class="num">${at === undefined ? '–' : `${at >= 0 ? '+' : ''}${escapeHtml(formatNumber(at))} ms`}</td><td class="num">${escapeHtml(formatNumber(a.latencyMs))}${typeof a.latencyMs === 'number' ? ' ms' : ''}</td><td><code>${escapeHtml(responseText(a.response).slice(0, 300))}</code></td></tr>`;
    })
    .join('\n');
  return `${svg}
<div class="table-wrap"><table>
<thead><tr><th class="num">attempt</th><th class="num">HTTP</th><th>outcome</th><th class="num">${ended !== undefined ? 'after the call ended' : 'after the first attempt'}</th><th class="num">endpoint handling</th><th>response</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}
