/**
 * `callsoak relay`: the impairing TURN relay on its own, so any WebRTC client (an app under
 * investigation, another tool) can be pointed at it to reproduce a network problem. Prints
 * the TURN URL and credentials; Ctrl-C stops it and prints per-leg counters. Every client
 * allocation is its own leg (`client-1`, `client-2`, ...) with the chosen network.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import { formatLegTable } from '../relay/formatLegTable.ts';
import { resolveNetwork, validateImpairment, validateNetwork } from '../relay/impairmentSchema.ts';
import type { Impairment, NetworkSpec } from '../relay/impairmentSchema.ts';
import { PROFILE_NAMES, PROFILES } from '../relay/profiles.ts';
import { startRelay } from '../relay/startRelay.ts';
import type { Relay } from '../relay/startRelay.ts';

/** numeric impairment flags → Impairment fields */
const NUMERIC_FLAGS = {
  loss: 'loss',
  delay: 'delayMs',
  jitter: 'jitterMs',
  rate: 'rateKbps',
  overhead: 'packetOverheadBytes',
  queue: 'queuePackets',
  queueBytes: 'queueBytes',
  duplicate: 'duplicate',
  reorder: 'reorder',
} as const;

const FIELD_TO_FLAG: Record<string, string> = {
  loss: '--loss', delayMs: '--delay', jitterMs: '--jitter', jitterDistribution: '--jitter-distribution', rateKbps: '--rate',
  packetOverheadBytes: '--overhead', queuePackets: '--queue', queueBytes: '--queue-bytes', duplicate: '--duplicate', reorder: '--reorder',
};

interface RawOptions {
  port: string;
  user?: string;
  password?: string;
  realm: string;
  seed: string;
  profile?: string;
  networkFile?: string;
  direction: 'up' | 'down' | 'both';
  lossBurst?: string;
  jitterDistribution?: 'normal' | 'uniform' | 'pareto';
  allowReorder?: boolean;
  json?: boolean;
  listProfiles?: boolean;
  [flag: string]: unknown;
}

interface RelaySettings {
  port: number;
  seed: number;
  realm: string;
  username: string;
  password: string;
  up: Impairment;
  down: Impairment;
  networkLabel: string;
}

export function relayCommand(): Command {
  return new Command('relay')
    .description('run the impairing TURN relay on its own (127.0.0.1 only) for any WebRTC client; Ctrl-C prints per-leg counters')
    .option('--port <n>', 'listening UDP port on 127.0.0.1 (0 = any free port)', '3478')
    .option('--user <name>', 'TURN username (default: generated)')
    .option('--password <text>', 'TURN password (default: generated)')
    .option('--realm <text>', 'TURN realm', 'callsoak')
    .option('--seed <n>', 'seed of every random decision (same seed, same packet sequence → same drops)', '1')
    .option('--profile <name>', `network profile for every client: ${PROFILE_NAMES.join(', ')}`)
    .option('--network-file <file>', 'JSON network spec for every client: a profile name or { profile?, up?, down? } (see impairmentSchema)')
    .addOption(new Option('--direction <dir>', 'which direction the impairment flags below apply to; a packet between two clients crosses the sender\'s up and the receiver\'s down').choices(['up', 'down', 'both']).default('up'))
    .option('--loss <p>', 'random loss probability 0..1')
    .option('--loss-burst <packets>', 'with --loss: bursty loss with this mean burst length (libwebrtc model)')
    .option('--delay <ms>', 'one-way delay added, ms')
    .option('--jitter <ms>', 'delay variation, ms')
    .addOption(new Option('--jitter-distribution <shape>', 'jitter shape').choices(['normal', 'uniform', 'pareto']))
    .option('--allow-reorder', 'let jitter reorder packets')
    .option('--rate <kbps>', 'link capacity, kbit/s')
    .option('--overhead <bytes>', 'per-packet bytes counted by the rate limit')
    .option('--queue <packets>', 'queue limit, packets (tail drop)')
    .option('--queue-bytes <bytes>', 'queue limit, bytes (tail drop)')
    .option('--duplicate <p>', 'duplication probability 0..1')
    .option('--reorder <p>', 'probability a packet skips the delay (needs --delay)')
    .option('--json', 'print one JSON line when listening and one with all counters when stopped')
    .option('--list-profiles', 'print the network profiles with their sources and exit')
    .action(async (raw: RawOptions) => {
      if (raw.listProfiles) {
        for (const name of PROFILE_NAMES) {
          const profile = PROFILES[name]!;
          process.stdout.write(`${name.padEnd(17)} ${profile.description}\n${''.padEnd(17)} up ${JSON.stringify(profile.up)} down ${JSON.stringify(profile.down)}\n${''.padEnd(17)} source: ${profile.source}\n`);
        }
        process.exitCode = EXIT.ok;
        return;
      }
      const settings = parseSettings(raw);
      let relay: Relay;
      try {
        relay = await startRelay({
          // this process does nothing else: the relay has its event loop to itself without a thread
          isolation: 'in-process',
          seed: settings.seed,
          port: settings.port,
          realm: settings.realm,
          sharedUser: { username: settings.username, password: settings.password, callId: 'client', up: settings.up, down: settings.down },
        });
      } catch (error) {
        throw new UsageError(`${(error as Error).message}; pass --port 0 for any free port`);
      }
      announce(relay, settings, raw.json === true);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await report(relay, raw.json === true);
      await relay.close();
      process.exitCode = EXIT.ok;
    });
}

/** all flags → settings, or a UsageError listing every problem */
function parseSettings(raw: RawOptions): RelaySettings {
  const errors: string[] = [];
  const integer = (flag: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) errors.push(`${flag} must be an integer ${min}..${max}, got '${text}'`);
    return n;
  };
  const port = integer('--port', raw.port, 0, 65535);
  const seed = integer('--seed', raw.seed, 0, 4294967295);
  if ((raw.user === undefined) !== (raw.password === undefined)) errors.push('--user and --password go together: give both or neither');
  if (raw.profile !== undefined && raw.networkFile !== undefined) errors.push('--profile and --network-file both set the network: give one');

  let spec: NetworkSpec | undefined = raw.profile;
  if (raw.profile !== undefined) errors.push(...validateNetwork(raw.profile, '--profile'));
  if (raw.networkFile !== undefined) spec = readNetworkFile(raw.networkFile, errors);

  const flags: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(NUMERIC_FLAGS)) {
    const text = raw[flag];
    if (typeof text !== 'string') continue;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) errors.push(`${FIELD_TO_FLAG[field]} must be a number, got '${text}'`);
    else flags[field] = n;
  }
  if (raw.jitterDistribution !== undefined) flags.jitterDistribution = raw.jitterDistribution;
  if (raw.allowReorder) flags.allowReorder = true;
  if (raw.lossBurst !== undefined) {
    const burst = Number(raw.lossBurst);
    if (typeof flags.loss !== 'number') errors.push('--loss-burst needs --loss (the long-run loss rate)');
    else if (!Number.isFinite(burst)) errors.push(`--loss-burst must be a number, got '${raw.lossBurst}'`);
    else flags.loss = { model: 'burst', lossRate: flags.loss, meanBurstPackets: burst };
  }
  for (const message of validateImpairment(flags, '')) {
    errors.push(message.replace(/^(\w+)(\.\w+)?/, (_all, field: string, sub?: string) => (sub === '.meanBurstPackets' ? '--loss-burst' : sub === '.lossRate' ? '--loss' : (FIELD_TO_FLAG[field] ?? field))));
  }
  if (errors.length > 0) throw new UsageError(errors.join('\n'));

  const network = resolveNetwork(spec);
  const up = raw.direction === 'down' ? network.up : { ...network.up, ...(flags as Impairment) };
  const down = raw.direction === 'up' ? network.down : { ...network.down, ...(flags as Impairment) };
  const label = raw.networkFile !== undefined ? `from ${raw.networkFile}` : raw.profile !== undefined ? `profile ${raw.profile}` : 'no profile';
  const flagNote = Object.keys(flags).length > 0 ? ` + flags on ${raw.direction}` : '';
  return {
    port,
    seed,
    realm: raw.realm,
    username: raw.user ?? `callsoak-${randomBytes(3).toString('hex')}`,
    password: raw.password ?? randomBytes(12).toString('base64url'),
    up,
    down,
    networkLabel: `${label}${flagNote}`,
  };
}

function readNetworkFile(file: string, errors: string[]): NetworkSpec | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    errors.push(`--network-file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    errors.push(`--network-file: ${file} is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
  const problems = validateNetwork(value, basename(file));
  errors.push(...problems);
  return problems.length === 0 ? (value as NetworkSpec) : undefined;
}

function announce(relay: Relay, settings: RelaySettings, json: boolean): void {
  if (json) {
    const line = { event: 'listening', url: relay.url, port: relay.port, username: settings.username, password: settings.password, realm: relay.realm, seed: settings.seed, up: settings.up, down: settings.down };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  process.stdout.write(
    [
      'callsoak relay: listening on 127.0.0.1 (loopback only)',
      `  TURN URL  ${relay.url}`,
      `  username  ${settings.username}`,
      `  password  ${settings.password}`,
      `  realm     ${relay.realm}`,
      `  network   ${settings.networkLabel}`,
      `            up   ${JSON.stringify(settings.up)}`,
      `            down ${JSON.stringify(settings.down)}`,
      `  seed      ${settings.seed}`,
      `  browser:  iceServers: [{ urls: '${relay.url}', username: '${settings.username}', credential: '${settings.password}' }], iceTransportPolicy: 'relay'`,
      'Each client allocation is its own leg (client-1, client-2, ...). Ctrl-C stops and prints per-leg counters.',
      '',
    ].join('\n'),
  );
}

async function report(relay: Relay, json: boolean): Promise<void> {
  const calls = await relay.calls();
  const legs = (await Promise.all(calls.map((call) => relay.groundTruth(call.callId)))).flat();
  const control = (await Promise.all(calls.map((call) => relay.controlCounters(call.callId)))).flat();
  const stats = await relay.stats();
  if (json) {
    process.stdout.write(`${JSON.stringify({ event: 'stopped', legs, control, stats })}\n`);
    return;
  }
  const labels = new Map(calls.map((call) => [call.callId, call.label]));
  const errors = Object.entries(stats.errors).map(([code, n]) => `${code}×${n}`).join(' ') || 'none';
  process.stdout.write(
    [
      '',
      formatLegTable(legs, labels),
      '',
      `relay: ${stats.allocationsCreated} allocations, error responses ${errors}, malformed datagrams ${stats.malformed}, refused non-loopback peers ${stats.forbiddenPeer}, dropped for lack of permission ${stats.noPermission}`,
      '',
    ].join('\n'),
  );
}
