/**
 * Entry point of the bundle served to every call page as /agent.js (runs in the browser).
 * The harness drives the agent through `window.callsoak`.
 */
import { CallAgent } from '../callAgent.ts';
import { browserPlatform } from './browserPlatform.ts';

declare global {
  interface Window {
    callsoak: CallAgent;
  }
}

const audio = document.getElementById('remote') as HTMLAudioElement;
window.callsoak = new CallAgent(browserPlatform(audio));
