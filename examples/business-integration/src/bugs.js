/**
 * The bug variants (`BUG=<name>`): each puts one classic integration mistake in, so a test
 * harness can show that it catches it. Every place a bug changes behaviour asks `hasBug`, so
 * `grep hasBug` lists all of them.
 */

/** The names `BUG` accepts. */
export const BUG_NAMES = ['no-signature-check', 'metrics-before-terminate', 'ms-timestamps', 'ignore-renegotiation', 'ended-at-click', 'double-submit'];

/** @type {string | null} */
let active = null;

/** @param {string | null} name the variant in force for this process (config.bug) */
export function setBug(name) {
  active = name;
}

/** @param {string} name @returns {boolean} whether this bug variant is in force */
export function hasBug(name) {
  return active === name;
}
