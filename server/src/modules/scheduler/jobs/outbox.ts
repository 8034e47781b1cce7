/*
 * Owner-notification outbox retry: sends what is queued and what is due for a retry, and
 * takes back rows stuck in 'sending' (the contract is in notifications/subscribe.ts). The
 * flush after each write response stays; this catches what it missed (another instance's
 * queue, a restart, a failure waiting for its backoff).
 */
import { MINUTE } from '../../../lib/time'
import { flushOutbox } from '../../notifications/subscribe'
import type { Job } from '../scheduler'

export const outboxJob: Job = {
  name: 'outbox_retry',
  intervalMs: MINUTE,
  async run(ctx) {
    const sent = await flushOutbox(ctx.db, { now: () => ctx.now })
    return { sent }
  }
}
