// The agent console page: takes the server's commands for each call's WebRTC (Server-Sent
// Events at /agent/events, replies POSTed to /agent/reply) and shows the calls with the buttons
// an agent uses, wired to the server's test hooks. Plain browser JavaScript, no build step.
//
// Peer connections are made with the global RTCPeerConnection, so whatever observes that
// constructor (a test harness's init script) sees every call's connection.

/** how long ICE gathering may take before the offer goes with what it has, ms */
const GATHER_BOUND_MS = 5_000;
/** ms between getStats polls while waiting for the first audio packet */
const FIRST_AUDIO_POLL_MS = 50;
/** ms between refreshes of the call list */
const LIST_POLL_MS = 500;
/** longest any request to the server may take, ms (an answer includes the platform's accept) */
const REQUEST_TIMEOUT_MS = 20_000;

const statusEl = document.getElementById('status');
const errorEl = document.getElementById('error');
const callsEl = document.getElementById('calls');
const speakersEl = document.getElementById('speakers');

/** the id the server gave this page's event stream; null until its hello */
let pageId = null;

/**
 * One call's media here.
 * @typedef {object} Session
 * @property {RTCPeerConnection} pc
 * @property {MediaStream} microphone
 * @property {HTMLAudioElement[]} speakers one per remote track, so remote audio is played (and counted)
 * @property {number | null} firstAudioAtMs when the first audio packet arrived, ms since the epoch
 * @property {number | undefined} firstAudioTimer
 * @property {boolean} muted
 */
/** @type {Map<string, Session>} */
const sessions = new Map();

function showError(message) {
  errorEl.textContent = message;
}

/** @param {string} callId */
function sessionOf(callId) {
  const session = sessions.get(callId);
  if (!session) throw new Error(`no media for call ${callId} in this page`);
  return session;
}

/** Until ICE gathering is complete (bounded): the calling API takes one whole offer, no trickle. */
function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const bound = setTimeout(done, GATHER_BOUND_MS);
    function done() {
      clearTimeout(bound);
      pc.removeEventListener('icegatheringstatechange', onState);
      resolve();
    }
    function onState() {
      if (pc.iceGatheringState === 'complete') done();
    }
    pc.addEventListener('icegatheringstatechange', onState);
  });
}

/** Polls getStats until an inbound audio stream counts a packet; the poll's time is the first audio's. */
function watchFirstAudio(session) {
  let busy = false;
  session.firstAudioTimer = setInterval(async () => {
    if (busy || session.firstAudioAtMs !== null) return;
    busy = true;
    try {
      let received = 0;
      (await session.pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.packetsReceived ?? 0;
      });
      if (received > 0 && session.firstAudioAtMs === null) {
        session.firstAudioAtMs = Date.now();
        clearInterval(session.firstAudioTimer);
      }
    } catch {
      clearInterval(session.firstAudioTimer); // closed under the poll: nothing more arrives
    } finally {
      busy = false;
    }
  }, FIRST_AUDIO_POLL_MS);
}

/** Closes a call's media without a report. */
function closeSession(callId) {
  const session = sessions.get(callId);
  if (!session) return;
  sessions.delete(callId);
  clearInterval(session.firstAudioTimer);
  for (const track of session.microphone.getTracks()) track.stop();
  for (const audio of session.speakers) {
    audio.srcObject = null;
    audio.remove();
  }
  session.pc.close();
}

async function setRemoteOffer(pc, sdp) {
  await pc.setRemoteDescription({ type: 'offer', sdp });
  await pc.setLocalDescription(await pc.createAnswer());
}

/** What the server may ask, by command type; each returns the reply's result. */
const commands = {
  async offer({ callId }) {
    if (sessions.has(callId)) closeSession(callId);
    const microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection({ iceServers: [] });
    const session = { pc, microphone, speakers: [], firstAudioAtMs: null, firstAudioTimer: undefined, muted: false };
    sessions.set(callId, session);
    for (const track of microphone.getAudioTracks()) pc.addTrack(track, microphone);
    pc.addEventListener('track', (event) => {
      if (event.track.kind !== 'audio') return;
      const audio = document.createElement('audio');
      audio.autoplay = true;
      audio.srcObject = new MediaStream([event.track]);
      speakersEl.append(audio);
      session.speakers.push(audio);
      audio.play().catch((error) => showError(`call ${callId}: remote audio does not play: ${error.message}`));
    });
    watchFirstAudio(session);
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    render();
    return { sdp: pc.localDescription.sdp };
  },
  async answer({ callId, answer, renegotiation }) {
    const { pc } = sessionOf(callId);
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    if (typeof renegotiation === 'string') await setRemoteOffer(pc, renegotiation);
    return {};
  },
  async 'offer-apply'({ callId, sdp }) {
    await setRemoteOffer(sessionOf(callId).pc, sdp);
    return {};
  },
  async mute({ callId, muted }) {
    const session = sessionOf(callId);
    for (const track of session.microphone.getAudioTracks()) track.enabled = !muted;
    session.muted = muted;
    render();
    return {};
  },
  async finish({ callId }) {
    const session = sessionOf(callId);
    clearInterval(session.firstAudioTimer);
    const stats = [];
    (await session.pc.getStats()).forEach((s) => stats.push({ ...s }));
    const firstAudioAtMs = session.firstAudioAtMs;
    closeSession(callId);
    render();
    return { stats, firstAudioAtMs };
  },
  async close({ callId }) {
    closeSession(callId);
    render();
    return {};
  },
};

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = JSON.parse(text).error ?? text;
    } catch {
      // not JSON: the text itself
    }
    throw new Error(`HTTP ${res.status}: ${message}`);
  }
}

async function onCommand(message) {
  const { id, type } = message;
  const forPage = pageId;
  let reply;
  try {
    const handler = commands[type];
    if (!handler) throw new Error(`unknown command "${type}"`);
    reply = { pageId: forPage, id, ok: true, result: await handler(message) };
  } catch (error) {
    reply = { pageId: forPage, id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  await post('/agent/reply', reply).catch((error) => showError(`reply to "${type}" not delivered: ${error.message}`));
}

function connect() {
  const events = new EventSource('/agent/events');
  events.addEventListener('hello', (event) => {
    // a new stream is a new page to the server: the calls of the old one are gone there
    for (const callId of [...sessions.keys()]) closeSession(callId);
    pageId = JSON.parse(event.data).pageId;
    statusEl.textContent = 'connected';
    statusEl.dataset.state = 'connected';
  });
  events.addEventListener('command', (event) => void onCommand(JSON.parse(event.data)));
  events.addEventListener('error', () => {
    statusEl.textContent = 'disconnected (reconnecting…)';
    statusEl.dataset.state = 'disconnected';
  });
}

/** The calls as the server last listed them. */
let calls = [];
let shown = '';

function button(label, callId, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', async () => {
    b.disabled = true;
    showError('');
    try {
      await post(`/test/calls/${encodeURIComponent(callId)}/${action}`);
    } catch (error) {
      showError(`${label} ${callId}: ${error.message}`);
    } finally {
      b.disabled = false;
      void refresh();
    }
  });
  return b;
}

/** Redraws the list only when something changed, so a button is not replaced under a click. */
function render() {
  const rows = calls.map((c) => ({ ...c, muted: sessions.get(c.id)?.muted ?? false }));
  const key = JSON.stringify(rows);
  if (key === shown) return;
  shown = key;
  callsEl.replaceChildren();
  if (rows.length === 0) {
    const tr = callsEl.insertRow();
    const td = tr.insertCell();
    td.colSpan = 5;
    td.textContent = 'No calls yet.';
    return;
  }
  for (const call of rows) {
    const tr = callsEl.insertRow();
    tr.dataset.callId = call.id;
    tr.dataset.state = call.state;
    tr.insertCell().textContent = call.id;
    tr.insertCell().textContent = call.psid ?? '';
    tr.insertCell().textContent = call.state;
    tr.insertCell().textContent = call.state === 'connected' ? (call.muted ? 'muted' : 'on') : '';
    const actions = tr.insertCell();
    if (call.state === 'ringing') actions.append(button('Answer', call.id, 'answer'), button('Decline', call.id, 'decline'));
    if (call.state === 'connected') {
      actions.append(button('Hang up', call.id, 'hangup'));
      actions.append(call.muted ? button('Unmute', call.id, 'unmute') : button('Mute', call.id, 'mute'));
    }
  }
}

let refreshing = false;

async function refresh() {
  if (refreshing) return; // one request at a time, whatever the server's pace
  refreshing = true;
  try {
    const res = await fetch('/agent/calls', { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (res.ok) calls = (await res.json()).calls ?? [];
  } catch {
    // the server is away: the list stays as it was, the status line says so
  } finally {
    refreshing = false;
  }
  render();
}

connect();
void refresh();
setInterval(refresh, LIST_POLL_MS);
