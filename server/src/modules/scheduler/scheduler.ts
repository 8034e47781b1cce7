/*
 * Timed work (issue 8 item 4). Jobs register with an interval; `runDue(now)` runs the ones
 * that are due and is the only thing the timer calls, so a test drives it with its own clock.
 *
 * Contract:
 *  1. Exactly one instance runs each job run, on PostgreSQL with several API instances and
 *     on SQLite with several handles on one file. The claim is ONE conditional UPDATE on the
 *     job's row in `scheduler_jobs`:
 *       UPDATE scheduler_jobs SET next_run_at = now + interval, locked_until = now + lease, …
 *       WHERE name = ? AND next_run_at <= now AND (locked_until IS NULL OR locked_until <= now)
 *     On PostgreSQL a second instance's UPDATE waits on the row lock, re-reads the row after
 *     the first commits and no longer matches; SQLite serialises writers. One code path for
 *     both dialects, the same pattern as the reservation seat (no read-then-write).
 *  2. Why a job table and not pg_try_advisory_xact_lock: an xact lock holds a transaction
 *     (and a pooled connection) open for the whole run, which here includes WeChat calls and
 *     storage deletes; a session lock is tied to whichever pooled connection took it. The
 *     table needs no open transaction, works on SQLite too, survives a crash through the lease
 *     (`locked_until`), and shows last run / last error to whoever looks. Why not pg-boss or
 *     graphile-worker: PostgreSQL only (SQLite is the default database), their own schema and
 *     worker loop, and a dependency for five small periodic jobs.
 *  3. A crashed run: the lease expires and the next due time comes round; every job is
 *     idempotent (unique keys, conditional updates), so running a half-done run again is safe.
 *  4. A failing job records its error message (no personal data) and releases the lease; the
 *     others still run.
 *  5. SQLite is one process per database file in production. Several handles on one file in
 *     ONE process (tests) are safe for single statements only: better-sqlite3 waits for a lock
 *     synchronously, so a transaction held across an await by one handle cannot finish while
 *     another handle waits. Jobs therefore write with single statements where they can.
 *  6. Never started in tests unless asked: buildApp only creates it; server.ts starts it
 *     after listen unless SCHEDULER=0; app close stops the timer and waits for a running tick.
 */
import crypto from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { AppConfig } from '../../config'
import type { Db, Dialect } from '../../db/database'
import type { Storage } from '../uploads/storage'

export interface JobContext {
  db: Db
  dialect: Dialect
  config: AppConfig
  storage: Storage
  log: FastifyBaseLogger
  /** the instant of this run (the injected clock) */
  now: Date
}

export interface Job {
  name: string
  intervalMs: number
  /** must be idempotent: may run again after a crash; returns a small summary (counts) */
  run(ctx: JobContext): Promise<Record<string, number> | void>
}

export interface JobRun {
  name: string
  ok: boolean
  result?: Record<string, number> | void
  error?: string
}

export interface SchedulerDeps {
  db: Db
  dialect: Dialect
  config: AppConfig
  storage: Storage
  log: FastifyBaseLogger
  /** this instance's name in scheduler_jobs.locked_by */
  instanceId?: string
}

/** A run holds its job this long at most before another instance may take it (edge case 3). */
export const LEASE_MS = 15 * 60_000
/** How often the timer looks for due jobs. */
export const TICK_MS = 30_000

export class Scheduler {
  readonly jobs: Job[] = []
  readonly instanceId: string
  private timer: NodeJS.Timeout | null = null
  private running: Promise<JobRun[]> | null = null
  private known = new Set<string>()

  constructor(private readonly deps: SchedulerDeps) {
    this.instanceId = deps.instanceId ?? `${process.pid}-${crypto.randomBytes(4).toString('hex')}`
  }

  register(job: Job): this {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`job ${job.name} registered twice`)
    this.jobs.push(job)
    return this
  }

  /** Runs every due job this instance wins (edge case 1), one after another. */
  async runDue(now: Date = this.deps.config.now()): Promise<JobRun[]> {
    const runs: JobRun[] = []
    for (const job of this.jobs) {
      if (!(await this.claim(job, now))) continue
      const ctx: JobContext = { db: this.deps.db, dialect: this.deps.dialect, config: this.deps.config, storage: this.deps.storage, log: this.deps.log, now }
      try {
        const result = await job.run(ctx)
        runs.push({ name: job.name, ok: true, result })
        await this.release(job, now, null)
      } catch (err) {
        const message = String((err as Error)?.message ?? err).slice(0, 300)
        this.deps.log.warn({ job: job.name, err: { message } }, 'scheduled job failed')
        runs.push({ name: job.name, ok: false, error: message })
        await this.release(job, now, message).catch(() => undefined)
      }
    }
    return runs
  }

  private async claim(job: Job, now: Date): Promise<boolean> {
    const at = now.toISOString()
    if (!this.known.has(job.name)) {
      // first sight of the job (any instance): due at once
      await this.deps.db.insertInto('scheduler_jobs').values({ name: job.name, next_run_at: at }).onConflict((oc) => oc.column('name').doNothing()).execute()
      this.known.add(job.name)
    }
    const r = await this.deps.db
      .updateTable('scheduler_jobs')
      .set((eb) => ({
        next_run_at: new Date(now.getTime() + job.intervalMs).toISOString(),
        locked_until: new Date(now.getTime() + LEASE_MS).toISOString(),
        locked_by: this.instanceId,
        last_started_at: at,
        runs: eb('runs', '+', 1)
      }))
      .where('name', '=', job.name)
      .where('next_run_at', '<=', at)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
      .executeTakeFirst()
    return Number(r.numUpdatedRows ?? 0) === 1
  }

  private async release(job: Job, now: Date, error: string | null): Promise<void> {
    await this.deps.db
      .updateTable('scheduler_jobs')
      .set({ locked_until: null, locked_by: null, last_finished_at: now.toISOString(), last_error: error })
      .where('name', '=', job.name)
      .where('locked_by', '=', this.instanceId)
      .execute()
  }

  /** Starts the timer (server.ts, after listen). A tick never overlaps the previous one. */
  start(tickMs = TICK_MS): void {
    if (this.timer) return
    const tick = () => {
      if (this.running) return
      this.running = this.runDue(this.deps.config.now())
        .catch((err) => {
          this.deps.log.warn({ err: { message: String((err as Error)?.message ?? err) } }, 'scheduler tick failed')
          return []
        })
        .finally(() => {
          this.running = null
        })
    }
    this.timer = setInterval(tick, tickMs)
    this.timer.unref()
    setImmediate(tick)
  }

  get started(): boolean {
    return this.timer !== null
  }

  /** Stops the timer and waits for a running tick (app onClose). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }
}
