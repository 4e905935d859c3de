/**
 * How callsoak reaches a team's own business integration (`--business external`): the one
 * schema behind the `run` and `soak` flags (`--webhook-url`, `--business-command`, …) and the
 * config file (`--config callsoak.config.ts`), so flags, file, validation and `--help` say the
 * same. Each property becomes `--kebab-case-name`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DURATION_EXPECTED, DURATION_PATTERN } from '../schema/parseDuration.ts';
import type { DriverFunction } from '../external/businessDriver.ts';

/** http(s) on this machine: every socket callsoak talks to stays on loopback */
const LOOPBACK_URL = '^https?://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]+)?(/.*)?$';
const LOOPBACK_EXPECTED = 'an http:// URL on 127.0.0.1, localhost or [::1]';

/** how long the integration may take to answer the webhook handshake when nothing says otherwise */
export const DEFAULT_BUSINESS_READY_TIMEOUT = '30s';

export const ExternalBusinessProperties = {
  webhookUrl: Type.Optional(
    Type.String({ pattern: LOOPBACK_URL, expected: LOOPBACK_EXPECTED, description: "external business: the integration's webhook URL, subscribed with the verification handshake (default with --business-command: http://127.0.0.1:$PORT/webhook, PORT chosen free)" }),
  ),
  verifyToken: Type.Optional(Type.String({ minLength: 1, description: 'external business: the verify token its webhook expects in the handshake (default: one callsoak makes, passed as CALLSOAK_VERIFY_TOKEN)' })),
  businessCommand: Type.Optional(Type.String({ minLength: 1, description: 'external business: shell command that starts the integration with the CALLSOAK_* variables; stopped (SIGTERM, then SIGKILL) at the end; without it you run the integration yourself' })),
  businessCwd: Type.Optional(Type.String({ description: 'external business: working directory of --business-command (default: the current one)' })),
  businessDriver: Type.Optional(Type.String({ description: 'external business: PATH of a module exporting answer, decline, hangUp, mute, unmute, placeCall (any of them): how the business side acts; scenarios needing a missing one are skipped' })),
  // a path alone is on the webhook's origin: with --business-command the port is chosen at the start, so a team cannot write it down
  businessPage: Type.Optional(
    Type.String({
      pattern: `${LOOPBACK_URL}|^/.*$`,
      expected: `${LOOPBACK_EXPECTED}, or a path such as /agent on the webhook URL's origin`,
      description: "external business: the integration's web agent console (a URL, or a path such as /agent on the webhook URL's origin); callsoak opens it in its Chromium and observes every RTCPeerConnection",
    }),
  ),
  businessReadyTimeout: Type.String({ default: DEFAULT_BUSINESS_READY_TIMEOUT, pattern: DURATION_PATTERN, minLength: 2, expected: DURATION_EXPECTED, description: 'external business: how long the integration may take to answer the webhook handshake' }),
  graphPort: Type.Optional(Type.Integer({ minimum: 1024, maximum: 65535, description: 'external business: the emulated Graph API\'s port (default: a free one); fix it when you start the integration yourself' })),
};

/** The config file (`--config`): the same fields, with `business: 'external'` implied. */
export const ExternalBusinessConfigSchema = Type.Object(ExternalBusinessProperties, { additionalProperties: false });

export type ExternalBusinessConfig = Static<typeof ExternalBusinessConfigSchema>;


/** What the CLI resolved about the external business; plan.json carries it to the workers. */
export interface ExternalBusinessPlan {
  /** the integration's webhook URL */
  webhookUrl: string;
  verifyToken: string;
  /** the emulated platform's port on 127.0.0.1 (the worker listens there) */
  graphPort: number;
  /** the identity the platform signs and checks with */
  identity: { pageId: string; appId: string; accessToken: string; appSecret: string };
  /** the variables the integration was given (also written to the env file) */
  env: Record<string, string>;
  /** the env file, absolute */
  envFile: string;
  /** the command callsoak started, when it did */
  command?: string;
  /** the pid whose process tree is the integration (a soak samples it) */
  pid?: number;
  /** its output, absolute */
  outputPath?: string;
  /** the driver module, absolute */
  driver?: string;
  /** the functions the driver exports */
  driverFunctions: DriverFunction[];
  /** the agent console page */
  page?: string;
}
