/**
 * `defineConfig` for a team's `callsoak.config.ts` (`import { defineConfig } from 'callsoak/config'`):
 * it returns its argument, typed, so an editor checks the file as it is written. The CLI checks
 * it again against the same schema (`--config`).
 */
import type { ExternalBusinessConfig } from './externalBusinessSchema.ts';

export type CallsoakConfig = Partial<ExternalBusinessConfig>;

export function defineConfig(config: CallsoakConfig): CallsoakConfig {
  return config;
}
