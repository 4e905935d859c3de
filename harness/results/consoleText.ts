/**
 * A call's console as one text file (`console.txt` in its directory, and a test attachment):
 * each line prefixed with the participant that logged it, sides in the order the call opened them.
 */
import type { CallResult } from './resultsTypes.ts';

/** Name of the file in a call's directory, and of the attachment. */
export const CONSOLE_FILE = 'console.txt';

/** The call's logged lines, `business: error: …`; null when no side logged anything. */
export function consoleText(call: Pick<CallResult, 'console'>): string | null {
  const lines = Object.entries(call.console ?? {}).flatMap(([peer, logged]) => (logged ?? []).map((line) => `${peer}: ${line}`));
  return lines.length > 0 ? `${lines.join('\n')}\n` : null;
}
