/**
 * Installs Debian's `chromium` package when callsoak runs as root on Debian or Ubuntu and no
 * browser exists. Anywhere else it does nothing: installing system packages is the user's
 * decision, and the caller prints NO_BROWSER_MESSAGE instead.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** True when this process may install the browser itself: root, with apt-get, on Debian/Ubuntu. */
export function canInstallWithApt(): boolean {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return isRoot && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

/**
 * Runs `apt-get update` and `apt-get install -y chromium`, streaming apt's output to stderr.
 * @returns true when apt succeeded
 */
export function installChromiumWithApt(log: (line: string) => void): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log('No Chromium found; installing Debian\'s chromium package (apt-get install -y chromium)…');
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const result = spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
    if (result.status !== 0) return false;
  }
  return true;
}
