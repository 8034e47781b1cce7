/*
 * The scheduler of one API instance and its jobs (each in jobs/, each idempotent):
 *
 * | job                  | every  | what |
 * |----------------------|--------|------|
 * | sla_sweep            | 5 min  | staff alerts for reviews > 24 h, waits > 30 min, overdue follow-ups and repairs; resolves ended ones |
 * | outbox_retry         | 1 min  | owner subscription messages: queued, due retries (backoff), stuck 'sending' |
 * | prune                | 1 h    | expired owner/staff sessions, verify attempts older than 24 h |
 * | upload_retention     | 6 h    | uploads past the community's retention period: storage delete + deleted_at + audit |
 * | reservation_reminder | 1 h    | the day-before reminder to owners (from 09:00 Shanghai) |
 * | payment_close        | 1 min  | online orders unpaid for 15 min: closed at WeChat Pay, confirmed by an order query |
 */
import type { FastifyInstance } from 'fastify'
import { Scheduler } from './scheduler'
import { slaJob } from './jobs/sla'
import { outboxJob } from './jobs/outbox'
import { pruneJob } from './jobs/prune'
import { retentionJob } from './jobs/retention'
import { reminderJob } from './jobs/reminders'
import { paymentCloseJob } from './jobs/payments'

export { Scheduler } from './scheduler'
export const JOBS = [slaJob, outboxJob, pruneJob, retentionJob, reminderJob, paymentCloseJob]

declare module 'fastify' {
  interface FastifyInstance {
    /** timed jobs; created by buildApp, started only by server.ts (SCHEDULER=0 disables) */
    scheduler: Scheduler
  }
}

/**
 * Creates the app's scheduler with every job (not started). Stopped in preClose, which runs
 * before every onClose hook: a running tick finishes while the database is still open.
 */
export function registerScheduler(app: FastifyInstance): Scheduler {
  const scheduler = new Scheduler({ db: app.db, dialect: app.dialect, config: app.config, storage: app.storage, log: app.log })
  for (const job of JOBS) scheduler.register(job)
  app.decorate('scheduler', scheduler)
  app.addHook('preClose', async () => scheduler.stop())
  return scheduler
}
