/**
 * The agents of one call page (runs in the browser), reached by the harness as
 * `window.callsoak`. A participant with its own page is the page's only agent; a soak that
 * shares pages puts many participants in one, as a plain WebRTC page with several peer
 * connections would be — one renderer and one audio output for all of them instead of one
 * per participant. Each agent gets its own <audio> element and its own bindings' id.
 */
import type { AgentCommand, AgentInit } from '../agentProtocol.ts';
import { CallAgent } from '../callAgent.ts';
import { browserPlatform } from './browserPlatform.ts';

export class AgentHost {
  private readonly agents = new Map<string, { agent: CallAgent; audio: HTMLAudioElement }>();

  /** Starts agent `id`; resolves once its transform and submitter are loaded. */
  async add(id: string, init: AgentInit): Promise<void> {
    if (this.agents.has(id)) throw new Error(`agent ${id} already exists in this page`);
    const audio = document.createElement('audio');
    audio.autoplay = true;
    document.body.append(audio);
    const agent = new CallAgent(browserPlatform(id, audio));
    this.agents.set(id, { agent, audio });
    await agent.init(init);
  }

  agent(id: string): CallAgent {
    const entry = this.agents.get(id);
    if (!entry) throw new Error(`no agent ${id} in this page`);
    return entry.agent;
  }

  /** Runs one of the harness's commands on agent `id`. */
  run(id: string, command: AgentCommand, arg: string | null): Promise<void> {
    const agent = this.agent(id);
    switch (command) {
      case 'call':
        return agent.call();
      case 'placeCall':
        return agent.placeCall(arg ?? '');
      case 'sendDtmf':
        return agent.sendDtmf(arg ?? '');
      case 'hangUp':
        return agent.hangUp((arg ?? undefined) as Parameters<CallAgent['hangUp']>[0]);
      case 'mute':
      case 'unmute':
        return agent[command](arg as 'enabled' | 'replaceTrack');
      default:
        return agent[command]();
    }
  }

  /** Tears agent `id` down without reporting (its call is over) and frees its <audio> element. */
  remove(id: string): void {
    const entry = this.agents.get(id);
    if (!entry) return;
    entry.agent.closeAll();
    entry.audio.pause();
    entry.audio.srcObject = null;
    entry.audio.remove();
    this.agents.delete(id);
  }
}
