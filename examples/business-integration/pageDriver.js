/**
 * A business driver that acts the way a human agent does: it clicks the buttons of the agent
 * page (CONSOLE=page) that callsoak opened with `--business-page` and hands to each function as
 * `call.page` (a Playwright Page). Each function resolves when the request its click sent was
 * answered 200, and throws with the server's answer otherwise — like driver.js, which POSTs the
 * same test hooks without the page.
 */

/** how long the button may take to appear (the page refreshes its list every 0.5 s), ms */
const BUTTON_TIMEOUT_MS = 10_000;
/** how long the click's request may take (an answer includes the offer and the accept), ms */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * @param {import('./driver.js').DriverCall & { page?: any }} call
 * @param {string} label the button's text
 * @param {string} action the test hook the button POSTs
 */
async function click(call, label, action) {
  const page = call.page;
  if (!page) throw new Error(`${action} of call ${call.id}: no agent page to click in (run callsoak with --business-page http://127.0.0.1:PORT/agent)`);
  const row = page.locator(`tr[data-call-id=${JSON.stringify(call.id)}]`);
  const button = row.getByRole('button', { name: label, exact: true });
  const path = `/test/calls/${encodeURIComponent(call.id)}/${action}`;
  const [response] = await Promise.all([
    page.waitForResponse((/** @type {any} */ r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path, { timeout: REQUEST_TIMEOUT_MS }),
    button.click({ timeout: BUTTON_TIMEOUT_MS }),
  ]);
  if (response.status() !== 200) {
    const text = await response.text().catch(() => '');
    throw new Error(`${label} of call ${call.id}: HTTP ${response.status()}: ${text}`);
  }
}

/** @param {any} call */
export const answer = (call) => click(call, 'Answer', 'answer');
/** @param {any} call */
export const decline = (call) => click(call, 'Decline', 'decline');
/** @param {any} call */
export const hangUp = (call) => click(call, 'Hang up', 'hangup');
/** @param {any} call */
export const mute = (call) => click(call, 'Mute', 'mute');
/** @param {any} call */
export const unmute = (call) => click(call, 'Unmute', 'unmute');
