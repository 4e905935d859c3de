/**
 * A call's two clients on a relay over real UDP: consumer and business, each allocated,
 * permitted and channel-bound to the other (consumer → business on channel 0x4000, back on 0x4001).
 */
import { TurnClient } from '../../../../harness/relay/client/turnClient.ts';
import type { Relay } from '../../../../harness/relay/startRelay.ts';

export async function connectedPair(relay: Relay, callId: string) {
  const clients = [];
  for (const role of ['consumer', 'business'] as const) {
    const { username, credential } = await relay.createCredentials(callId, role);
    clients.push(await TurnClient.connect({ serverPort: relay.port, username, password: credential }));
  }
  const [consumer, business] = clients as [TurnClient, TurnClient];
  const consumerRelayed = await consumer.allocate();
  const businessRelayed = await business.allocate();
  await consumer.createPermission(businessRelayed);
  await business.createPermission(consumerRelayed);
  await consumer.channelBind(0x4000, businessRelayed);
  await business.channelBind(0x4001, consumerRelayed);
  return { consumer, business, consumerRelayed, businessRelayed };
}
