/**
 * Entry point of the bundle served to every call page as /agent.js (runs in the browser).
 * The harness adds agents to the page and drives them through `window.callsoak`.
 */
import { AgentHost } from './agentHost.ts';

declare global {
  interface Window {
    callsoak: AgentHost;
  }
}

window.callsoak = new AgentHost();
