import type { PlatformWebhook } from '../../results/platformLog.ts';

/** A webhook the platform signed with a wrong secret on purpose: the business must ignore it. */
export function isForgedWebhook(w: Pick<PlatformWebhook, 'kind' | 'forged'>): boolean {
  return w.kind === 'forged' || w.forged === true;
}
