/**
 * One call participant as a Node peer process on libwebrtc (node side, in the Playwright
 * worker): spawns harness/nodepeer/nodePeerMain.ts and drives the same call agent a page runs,
 * over IPC instead of page.evaluate and bindings. A process per participant keeps a native
 * crash in libwebrtc away from the worker's relay and endpoint, and `crash` can be a real kill.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AgentEvent, AgentInit } from '../agent/agentProtocol.ts';
import type { FromNodePeer, NodePeerLaunch, NodePeerMethod, ToNodePeer } from '../nodepeer/nodePeerProtocol.ts';
import type { HangupCode, Role, SignalEnvelope } from '../signaling/signalTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import { recordEvent, type CallPeer, type CallPeerOptions, type Device } from './callPeer.ts';
import { EventLog } from './eventLog.ts';

const ENTRY = fileURLToPath(new URL('../nodepeer/nodePeerMain.ts', import.meta.url));
/** tsx's loader by absolute URL: the peer runs TypeScript whatever the current directory */
const TSX_LOADER = import.meta.resolve('tsx');
/** how long the process may take to start and report its runtime, ms */
const START_MS = 15_000;
/** how long a stopping process may take before it is killed, ms (a going-away peer drains submissions first) */
const STOP_MS = { shutdown: 3_000, goAway: 20_000 } as const;
/** lines of process output kept */
const MAX_CONSOLE_LINES = 500;

export interface NodePeerOptions extends CallPeerOptions {
  init: AgentInit;
  mediaPath: string;
  teamModules: NodePeerLaunch['teamModules'];
}

export class NodePeer implements CallPeer {
  readonly runtime = 'node';
  readonly events = new EventLog<AgentEvent>();
  readonly samples: AudioSample[] = [];
  readonly console: string[] = [];
  version = 'Node';
  private readonly replies = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(
    readonly name: string,
    readonly role: Role,
    private readonly child: ChildProcess,
  ) {
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async open(options: NodePeerOptions): Promise<NodePeer> {
    const child = fork(ENTRY, [], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const peer = new NodePeer(options.name, options.role, child);
    const log = (stream: string) => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) peer.log(`${stream}: ${line}`);
    };
    child.stdout?.on('data', log('stdout'));
    child.stderr?.on('data', log('stderr'));
    const hello = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${options.name}: the Node peer did not start within ${START_MS} ms`)), START_MS);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${options.name}: the Node peer exited while starting (${signal ?? `code ${code}`}): ${peer.console.slice(-3).join(' | ')}`));
      });
      child.on('message', (message: FromNodePeer) => {
        if (message.kind === 'hello') {
          clearTimeout(timer);
          peer.version = `Node ${message.runtime.node}, @roamhq/wrtc ${message.runtime.wrtc}`;
          resolve();
        }
      });
    });
    child.on('message', (message: FromNodePeer) => peer.onMessage(message, options));
    child.once('exit', (code, signal) => {
      peer.exited = true;
      for (const waiter of peer.replies.values()) waiter.reject(new Error(`${options.name}: the Node peer exited (${signal ?? `code ${code}`})`));
      peer.replies.clear();
      options.onGone?.(`${options.name} process exited (${signal ?? `code ${code}`})`);
    });
    try {
      await hello;
      await peer.request({ method: 'launch', args: [{ init: options.init, mediaPath: options.mediaPath, teamModules: options.teamModules }] });
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return peer;
  }

  private log(line: string): void {
    if (this.console.length < MAX_CONSOLE_LINES) this.console.push(line);
  }

  private onMessage(message: FromNodePeer, options: NodePeerOptions): void {
    if (message.kind === 'reply') {
      const waiter = this.replies.get(message.id);
      this.replies.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error));
      else waiter?.resolve();
    } else if (message.kind === 'signal') {
      options.onSignal(message.envelope).then(
        () => this.send({ kind: 'ack', id: message.id }),
        (error: Error) => this.send({ kind: 'ack', id: message.id, error: error.message }),
      );
    } else if (message.kind === 'emit') {
      recordEvent(this, message.event, options);
      this.send({ kind: 'ack', id: message.id });
    }
  }

  private send(message: ToNodePeer): void {
    if (!this.exited && this.child.connected) this.child.send(message);
  }

  private request(call: NodePeerMethod): Promise<void> {
    if (this.exited) return Promise.reject(new Error(`${this.name}: the Node peer is gone`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      this.send({ kind: 'request', id, ...call });
    });
  }

  isGone(): boolean {
    return this.exited;
  }

  call(): Promise<void> {
    return this.request({ method: 'call', args: [] });
  }

  pickUp(): Promise<void> {
    return this.request({ method: 'pickUp', args: [] });
  }

  sendDtmf(): Promise<void> {
    // refused earlier by scenario validation (peerRuntimeRules.ts); this is the backstop
    return Promise.reject(new Error(`${this.name}: a Node peer cannot send DTMF (@roamhq/wrtc has no RTCDTMFSender)`));
  }

  placeCall(psid: string): Promise<void> {
    return this.request({ method: 'placeCall', args: [psid] });
  }

  answer(): Promise<void> {
    return this.request({ method: 'answer', args: [] });
  }

  decline(): Promise<void> {
    return this.request({ method: 'decline', args: [] });
  }

  hangUp(code?: HangupCode): Promise<void> {
    return this.request({ method: 'hangUp', args: [code] });
  }

  mute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.request({ method: 'mute', args: [method] });
  }

  unmute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.request({ method: 'unmute', args: [method] });
  }

  async deliver(envelope: SignalEnvelope): Promise<void> {
    if (this.exited) return;
    await this.request({ method: 'deliver', args: [envelope] }).catch(() => undefined);
  }

  async deny(device: Device): Promise<void> {
    throw new Error(`deny ${device}: a Node peer has no permission model (nothing asks before opening its microphone)`);
  }

  /** SIGKILL: the process dies mid-call as a crashing server would. */
  async crash(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** The process is told to shut down: its agent reports the call it is in, drains, exits. */
  async closePage(): Promise<void> {
    await this.stop('goAway');
  }

  async navigateAway(): Promise<void> {
    throw new Error('navigate: a Node peer has no page to navigate away from');
  }

  async close(): Promise<void> {
    await this.stop('shutdown');
  }

  private async stop(how: 'goAway' | 'shutdown'): Promise<void> {
    if (this.exited) return;
    void this.request({ method: how, args: [] }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_MS[how]);
    await this.exit;
    clearTimeout(timer);
  }
}
