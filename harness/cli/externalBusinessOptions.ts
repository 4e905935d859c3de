/**
 * Whether a `run` or `soak` puts a team's own integration under test, and with which options:
 * `--business external`, a `--config` file, or a `--webhook-url` / `--business-command` given.
 * The config file's values fill what the flags leave unset (a flag still at its default counts
 * as unset). Conflicts are usage errors, all named at once.
 */
import { UsageError } from '../exit/exitCodes.ts';
import { ExternalBusinessProperties, type ExternalBusinessConfig } from '../plan/externalBusinessSchema.ts';
import { loadConfigFile } from './loadConfigFile.ts';

type Flags = Partial<ExternalBusinessConfig> & { business?: string; config?: string; workers?: number };

const EXTERNAL_KEYS = Object.keys(ExternalBusinessProperties) as (keyof ExternalBusinessConfig)[];

export async function externalBusinessOptions(flags: Flags): Promise<ExternalBusinessConfig | undefined> {
  const fromFile = flags.config ? await loadConfigFile(flags.config) : undefined;
  const given = EXTERNAL_KEYS.filter((key) => flags[key] !== undefined && flags[key] !== ExternalBusinessProperties[key].default);
  const external = flags.business === 'external' || fromFile !== undefined || flags.webhookUrl !== undefined || flags.businessCommand !== undefined;
  if (!external) {
    if (given.length > 0) throw new UsageError(`${given.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} only appl${given.length === 1 ? 'ies' : 'y'} with --business external`);
    return undefined;
  }
  const errors: string[] = [];
  if (flags.business !== undefined && flags.business !== 'external') errors.push(`--business ${flags.business} and the external business options (--config, --webhook-url, --business-command) exclude each other`);
  if (flags.workers !== undefined && flags.workers !== 1) errors.push(`--workers ${flags.workers}: an external business is one integration behind one emulated platform, so the run uses one worker`);
  if (errors.length > 0) throw new UsageError(errors.join('\n'));
  const merged: Record<string, unknown> = { ...(fromFile ?? {}) };
  for (const key of EXTERNAL_KEYS) {
    const value = flags[key];
    if (value === undefined) continue;
    if (value === ExternalBusinessProperties[key].default && merged[key] !== undefined) continue;
    merged[key] = value;
  }
  return merged as ExternalBusinessConfig;
}
