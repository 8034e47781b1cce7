import { bearer, createTestApp, dialects, staffLogin, verifyAs, type TestApp } from './harness'
import { secondHandle, secondInstance, type SecondInstance } from './scheduler-helpers'
import { loadConfig } from '../../server/src/config'
import { addDays, DAY, HOUR, MINUTE, shanghaiDate } from '../../server/src/lib/time'
import type { Db } from '../../server/src/db/database'
import { Scheduler } from '../../server/src/modules/scheduler'
import { sweepSla } from '../../server/src/modules/scheduler/jobs/sla'
import { prune } from '../../server/src/modules/scheduler/jobs/prune'
import { applyRetention } from '../../server/src/modules/scheduler/jobs/retention'
import { sendReminders } from '../../server/src/modules/scheduler/jobs/reminders'
import { openAlerts } from '../../server/src/modules/alerts/repository'
import { claimOutbox, flushOutbox, MAX_ATTEMPTS, retryDelayMs, subscribeConfig } from '../../server/src/modules/notifications/subscribe'

const iso = (d: Date) => d.toISOString()

describe.each(dialects())('scheduler (%s)', (dialect) => {
  let t: TestApp
  let b: SecondInstance
  let db: Db
  let communityId: number
  let house = 0

  beforeAll(async () => {
    t = await createTestApp(dialect)
    b = await secondInstance(t)
    db = t.db.handle.db
    communityId = Number((await db.selectFrom('communities').select('id').executeTakeFirstOrThrow()).id)
  })
  afterAll(async () => {
    await b.close()
    await t.close()
  })

  /** A verified case of a fresh demo house. */
  async function newCase(): Promise<{ caseId: number; houseId: number; token: string }> {
    house++
    const s = await verifyAs(t, house)
    const c = await db.selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    return { caseId: Number(c.id), houseId: s.house.id, token: s.sessionToken }
  }

  /** One breach of every kind, on four cases. */
  async function breaches() {
    const now = t.clock.now()
    const review = await newCase()
    const sub = await db
      .insertInto('document_submissions')
      .values({ case_id: review.caseId, item_code: 'purchase_contract', status: 'submitted', reason: null, submitted_at: iso(new Date(now.getTime() - 25 * HOUR)), reviewed_by: null, reviewed_at: null, updated_at: iso(now) })
      .returning('id')
      .executeTakeFirstOrThrow()
    const wait = await newCase()
    const checkin = await db
      .insertInto('checkins')
      .values({ case_id: wait.caseId, date: shanghaiDate(now), queue_no: 900 + house, arrived_at: iso(new Date(now.getTime() - 31 * MINUTE)), called_at: null, finished_at: null, called_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const follow = await newCase()
    const task = await db
      .insertInto('followup_tasks')
      .values({ case_id: follow.caseId, kind: 'first_visit', reason: '已交钥匙，请在 7 天内完成首次回访', due_at: iso(new Date(now.getTime() - HOUR)), assignee_role: 'reception', status: 'open', created_at: iso(new Date(now.getTime() - 8 * DAY)), closed_at: null, note: null, closed_by: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const rep = await newCase()
    const insp = await db
      .insertInto('inspections')
      .values({ case_id: rep.caseId, round: 1, inspector_id: null, status: 'completed', result: 'failed', started_at: iso(now), completed_at: iso(now), owner_signature_key: null, owner_signed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const due = addDays(shanghaiDate(now), -1)
    const defect = await db
      .insertInto('defects')
      .values({ inspection_id: insp.id, case_id: rep.caseId, room: '客厅', category: '墙面', severity: '一般', idempotency_key: null, due_date: due, created_at: iso(now), updated_at: iso(now), confirmed_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    const repair = await db
      .insertInto('repair_orders')
      .values({ defect_id: defect.id, due_date: due, status: 'open', fixed_at: null, fixed_by: null, created_at: iso(now), note: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { review, sub: Number(sub.id), wait, checkin: Number(checkin.id), follow, task: Number(task.id), rep, repair: Number(repair.id), defect: Number(defect.id) }
  }

  const countAlerts = async () => Number((await db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  test('the scheduler is built but never started in tests; SCHEDULER=0 turns it off', async () => {
    expect(t.app.scheduler.started).toBe(false)
    expect(t.app.scheduler.jobs.map((j) => j.name)).toEqual(['sla_sweep', 'outbox_retry', 'prune', 'upload_retention', 'reservation_reminder', 'payment_close'])
    expect(loadConfig({ SCHEDULER: '0' }).scheduler).toBe(false)
    expect(loadConfig({}).scheduler).toBe(true)
  })

  test('two instances run due jobs at once: each job runs on one of them, each breach is alerted once', async () => {
    const f = await breaches()
    const now = t.clock.now()
    const [ra, rb] = await Promise.all([t.app.scheduler.runDue(now), b.app.scheduler.runDue(now)])
    const names = [...ra, ...rb].map((r) => r.name).sort()
    expect(names).toEqual(['outbox_retry', 'payment_close', 'prune', 'reservation_reminder', 'sla_sweep', 'upload_retention'])
    expect([...ra, ...rb].every((r) => r.ok)).toBe(true)
    const keys = (await db.selectFrom('alerts').select(['key', 'kind', 'responsible_role']).orderBy('id').execute()).map((r) => `${r.kind}/${r.responsible_role}/${r.key}`)
    expect(keys.sort()).toEqual(
      [
        `checkin_wait/reception/checkin:${f.checkin}`,
        `followup_overdue/reception/followup:${f.task}:${iso(new Date(now.getTime() - HOUR))}`,
        `repair_overdue/inspector/repair:${f.repair}:${addDays(shanghaiDate(now), -1)}`,
        `review_overdue/reviewer/review:${f.sub}:${iso(new Date(now.getTime() - 25 * HOUR))}`
      ].sort()
    )
    // nothing is due again until the interval passed
    expect(await t.app.scheduler.runDue(now)).toEqual([])
    t.clock.advance(5 * MINUTE)
    const again = await Promise.all([t.app.scheduler.runDue(t.clock.now()), b.app.scheduler.runDue(t.clock.now())])
    expect(again.flat().map((r) => r.name).filter((n) => n === 'sla_sweep')).toHaveLength(1)
    expect(await countAlerts()).toBe(4)

    // the sweep itself is idempotent even without the job claim: two at once, same rows
    await Promise.all([sweepSla(db, t.clock.now()), sweepSla(b.handle.db, t.clock.now()), sweepSla(db, t.clock.now())])
    expect(await countAlerts()).toBe(4)
    const row = await db.selectFrom('scheduler_jobs').selectAll().where('name', '=', 'sla_sweep').executeTakeFirstOrThrow()
    expect(Number(row.runs)).toBe(2)
    expect(row.locked_until).toBeNull()
    expect(row.last_error).toBeNull()
  })

  test('alert texts name the house and the item, never the owner', async () => {
    const all = await openAlerts(db, communityId)
    expect(all).toHaveLength(4)
    const owners = await db.selectFrom('registered_owners').select('name').execute()
    const text = JSON.stringify(all)
    for (const o of owners) expect(text).not.toContain(o.name)
    expect(all.find((a) => a.kind === 'review_overdue')!.body).toContain('购房合同')
    expect(all.find((a) => a.kind === 'checkin_wait')!.title).toMatch(/等候超过 30 分钟/)
  })

  test('role checks: each role sees its own alerts, the manager sees all; ack only what you see', async () => {
    const get = (token: string, q = '') => t.app.inject({ method: 'GET', url: `/api/staff/alerts${q}`, headers: bearer(token) })
    const kinds = async (role: string) => (await get(await staffLogin(t, role))).json().items.map((a: { kind: string }) => a.kind).sort()
    expect(await kinds('reviewer')).toEqual(['review_overdue'])
    expect(await kinds('reception')).toEqual(['checkin_wait', 'followup_overdue'])
    expect(await kinds('inspector')).toEqual(['repair_overdue'])
    expect(await kinds('cashier')).toEqual([])
    expect(await kinds('manager')).toEqual(['checkin_wait', 'followup_overdue', 'repair_overdue', 'review_overdue'])
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/alerts' })).statusCode).toBe(401)
    expect((await get(await staffLogin(t, 'manager'), '?status=bogus')).statusCode).toBe(400)

    const reviewer = await staffLogin(t, 'reviewer')
    const list = (await get(reviewer)).json()
    expect(list).toMatchObject({ openCount: 1, unackedCount: 1 })
    const repair = (await openAlerts(db, communityId)).find((a) => a.kind === 'repair_overdue')!
    expect((await t.app.inject({ method: 'POST', url: `/api/staff/alerts/${repair.id}/ack`, headers: bearer(reviewer) })).statusCode).toBe(404)
    const own = list.items[0].id
    const acked = await t.app.inject({ method: 'POST', url: `/api/staff/alerts/${own}/ack`, headers: bearer(reviewer) })
    expect(acked.statusCode).toBe(200)
    expect(acked.json()).toMatchObject({ id: own, ackedAt: t.clock.now().toISOString(), resolvedAt: null })
    expect((await t.app.inject({ method: 'POST', url: `/api/staff/alerts/${own}/ack`, headers: bearer(reviewer) })).statusCode).toBe(200)
    expect((await get(reviewer)).json()).toMatchObject({ openCount: 1, unackedCount: 0 })
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/alerts/999999/ack', headers: bearer(reviewer) })).statusCode).toBe(404)
  })

  test('alerts resolve when the breach ends: review done, owner called, task closed, repair fixed', async () => {
    const open = await openAlerts(db, communityId)
    const caseOf = (kind: string) => open.find((a) => a.kind === kind)!.caseId!
    const at = iso(t.clock.now())
    await db.updateTable('document_submissions').set({ status: 'approved', reviewed_at: at }).where('case_id', '=', caseOf('review_overdue')).execute()
    await db.updateTable('checkins').set({ called_at: at }).where('case_id', '=', caseOf('checkin_wait')).execute()
    await sweepSla(db, t.clock.now())
    expect((await openAlerts(db, communityId)).map((a) => a.kind).sort()).toEqual(['followup_overdue', 'repair_overdue'])
    await db.updateTable('followup_tasks').set({ status: 'done', closed_at: at }).where('case_id', '=', caseOf('followup_overdue')).execute()
    const repairCase = caseOf('repair_overdue')
    const defect = await db.selectFrom('defects').select('id').where('case_id', '=', repairCase).executeTakeFirstOrThrow()
    await db.updateTable('repair_orders').set({ status: 'fixed', fixed_at: at }).where('defect_id', '=', defect.id).execute()
    const r = await sweepSla(b.handle.db, t.clock.now())
    expect(r.resolved).toBe(2)
    expect(await openAlerts(db, communityId)).toEqual([])
    const manager = await staffLogin(t, 'manager')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/alerts?status=open', headers: bearer(manager) })).json()).toMatchObject({ items: [], openCount: 0 })
    const resolved = (await t.app.inject({ method: 'GET', url: '/api/staff/alerts?status=resolved', headers: bearer(manager) })).json().items
    expect(resolved).toHaveLength(4)
    expect(resolved.every((a: { resolvedAt: string | null }) => a.resolvedAt === at)).toBe(true)

    // a repair reopened with the same due date reopens its alert instead of adding one
    await db.updateTable('repair_orders').set({ status: 'open' }).where('defect_id', '=', defect.id).execute()
    await sweepSla(db, t.clock.now())
    expect((await openAlerts(db, communityId)).map((a) => a.kind)).toEqual(['repair_overdue'])
    expect(await countAlerts()).toBe(4)
    await db.updateTable('repair_orders').set({ status: 'fixed' }).where('defect_id', '=', defect.id).execute()
    await sweepSla(db, t.clock.now())
  })

  test('a wait of 30 minutes exactly and a review at 23 h are not breaches', async () => {
    const before = await countAlerts()
    const now = t.clock.now()
    const a = await newCase()
    await db
      .insertInto('checkins')
      .values({ case_id: a.caseId, date: shanghaiDate(now), queue_no: 800, arrived_at: iso(new Date(now.getTime() - 30 * MINUTE)), called_at: null, finished_at: null, called_by: null })
      .execute()
    await db
      .insertInto('document_submissions')
      .values({ case_id: a.caseId, item_code: 'purchase_contract', status: 'submitted', reason: null, submitted_at: iso(new Date(now.getTime() - 23 * HOUR)), reviewed_by: null, reviewed_at: null, updated_at: iso(now) })
      .execute()
    await sweepSla(db, now)
    expect(await countAlerts()).toBe(before)
    t.clock.advance(MINUTE)
    await sweepSla(db, t.clock.now())
    expect(await countAlerts()).toBe(before + 1)
  })

  test('a failing job records its error and the other jobs still run', async () => {
    const s = new Scheduler({ db, dialect: t.db.dialect, config: t.config, storage: t.app.storage, log: t.app.log })
    s.register({ name: 'test_boom', intervalMs: MINUTE, run: async () => { throw new Error('boom') } })
    s.register({ name: 'test_ok', intervalMs: MINUTE, run: async () => ({ n: 1 }) })
    const runs = await s.runDue(t.clock.now())
    expect(runs).toEqual([{ name: 'test_boom', ok: false, error: 'boom' }, { name: 'test_ok', ok: true, result: { n: 1 } }])
    const row = await db.selectFrom('scheduler_jobs').selectAll().where('name', '=', 'test_boom').executeTakeFirstOrThrow()
    expect(row).toMatchObject({ last_error: 'boom', locked_until: null })
    // a lease held by a crashed instance blocks until it expires
    t.clock.advance(MINUTE)
    await db.updateTable('scheduler_jobs').set({ locked_until: iso(new Date(t.clock.now().getTime() + MINUTE)), locked_by: 'crashed' }).where('name', '=', 'test_ok').execute()
    expect((await s.runDue(t.clock.now())).map((r) => r.name)).toEqual(['test_boom'])
    t.clock.advance(MINUTE)
    expect((await s.runDue(t.clock.now())).map((r) => r.name)).toEqual(['test_boom', 'test_ok'])
  })

  test('the timer only calls runDue, never overlaps a tick, and stops when the app closes', async () => {
    const inst = await secondInstance(t)
    let runs = 0
    let inside = 0
    let overlap = false
    inst.app.scheduler.register({
      name: `test_tick_${t.db.dialect}`,
      intervalMs: 1,
      run: async () => {
        if (inside++) overlap = true
        runs++
        await new Promise((r) => setTimeout(r, 15))
        t.clock.advance(1000) // the job becomes due again on the next tick
        inside--
      }
    })
    inst.app.scheduler.start(5)
    expect(inst.app.scheduler.started).toBe(true)
    for (let i = 0; i < 200 && runs < 3; i++) await new Promise((r) => setTimeout(r, 25))
    await inst.close()
    expect(inst.app.scheduler.started).toBe(false)
    const after = runs
    expect(after).toBeGreaterThan(1)
    expect(overlap).toBe(false)
    await new Promise((r) => setTimeout(r, 40))
    expect(runs).toBe(after)
  })

  describe('owner outbox retry', () => {
    const realCfg = () => subscribeConfig({ WX_APPID: 'wxapp', WX_SECRET: 's', WX_TEMPLATE_REMINDER: 'tpl-reminder' })
    let caseId: number

    beforeAll(async () => {
      const c = await newCase()
      caseId = c.caseId
      await db.insertInto('wechat_links').values({ openid: `openid-${c.caseId}`, house_id: c.houseId, case_id: c.caseId, owner_id: null, role: 'owner', delegate_id: null, created_at: iso(t.clock.now()) }).execute()
    })
    beforeEach(async () => {
      await db.deleteFrom('wx_messages').execute()
    })

    async function queue(n = 1): Promise<number[]> {
      const ids: number[] = []
      for (let i = 0; i < n; i++) {
        const note = await db.insertInto('notifications').values({ case_id: caseId, kind: 'reservation_reminder', title: '明天办理入伙', body: '…', link: null, read_at: null, created_at: iso(t.clock.now()) }).returning('id').executeTakeFirstOrThrow()
        const m = await db
          .insertInto('wx_messages')
          .values({ case_id: caseId, notification_id: note.id, template_id: 'tpl-reminder', kind: 'reservation_reminder', status: 'queued', error: null, created_at: iso(t.clock.now()) })
          .returning('id')
          .executeTakeFirstOrThrow()
        ids.push(Number(m.id))
      }
      return ids
    }
    const rowOf = (id: number) => db.selectFrom('wx_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const sender = (fail: () => boolean) => {
      const sends: string[] = []
      const fetch = async (url: string, init?: { body?: string }) => {
        if (url.includes('/cgi-bin/token')) return { ok: true, json: async () => ({ access_token: 'AT', expires_in: 7200 }) }
        if (fail()) throw new Error('connect ECONNRESET')
        sends.push(init?.body ?? '')
        return { ok: true, json: async () => ({ errcode: 0 }) }
      }
      return { fetch, sends }
    }

    test('a failing sender is retried after its backoff and then succeeds', async () => {
      const [id] = await queue()
      let failing = true
      const s = sender(() => failing)
      expect(await flushOutbox(db, { cfg: realCfg(), fetch: s.fetch, now: t.clock.now })).toBe(0)
      let row = await rowOf(id)
      expect(row).toMatchObject({ status: 'failed', error: 'connect ECONNRESET', next_attempt_at: iso(new Date(t.clock.now().getTime() + retryDelayMs(1))) })
      expect(Number(row.attempts)).toBe(1)
      // not before the backoff
      t.clock.advance(retryDelayMs(1) - 1000)
      expect(await flushOutbox(db, { cfg: realCfg(), fetch: s.fetch, now: t.clock.now })).toBe(0)
      expect(Number((await rowOf(id)).attempts)).toBe(1)
      // second failure doubles the wait
      t.clock.advance(1000)
      await flushOutbox(db, { cfg: realCfg(), fetch: s.fetch, now: t.clock.now })
      row = await rowOf(id)
      expect(row.next_attempt_at).toBe(iso(new Date(t.clock.now().getTime() + retryDelayMs(2))))
      expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1))
      // the scheduler's job picks the due retry up (the job reads the env config: sandbox here)
      t.clock.advance(retryDelayMs(2))
      const job = t.app.scheduler.jobs.find((j) => j.name === 'outbox_retry')!
      expect(await job.run({ db, dialect: t.db.dialect, config: t.config, storage: t.app.storage, log: t.app.log, now: t.clock.now() })).toEqual({ sent: 1 })
      row = await rowOf(id)
      expect(row).toMatchObject({ status: 'sandbox', next_attempt_at: null })
      expect(Number(row.attempts)).toBe(3)
    })

    test('a real sender succeeding on the retry marks the row sent, once', async () => {
      const [id] = await queue()
      let calls = 0
      const s = sender(() => ++calls === 1)
      await flushOutbox(db, { cfg: realCfg(), fetch: s.fetch, now: t.clock.now })
      t.clock.advance(retryDelayMs(1))
      expect(await flushOutbox(db, { cfg: realCfg(), fetch: s.fetch, now: t.clock.now })).toBe(1)
      expect(await rowOf(id)).toMatchObject({ status: 'sent', error: null, next_attempt_at: null })
      expect(await flushOutbox(db, { cfg: realCfg(), fetch: s.fetch, now: t.clock.now })).toBe(0)
      expect(s.sends).toHaveLength(1)
    })

    test('a refusal that cannot pass is not retried; attempts stop at the maximum', async () => {
      let errcode = 43101
      const fetch = async (url: string) => {
        if (url.includes('/cgi-bin/token')) return { ok: true, json: async () => ({ access_token: 'AT', expires_in: 7200 }) }
        return { ok: true, json: async () => ({ errcode }) }
      }
      const [refused] = await queue()
      await flushOutbox(db, { cfg: realCfg(), fetch, now: t.clock.now })
      expect(await rowOf(refused)).toMatchObject({ status: 'failed', error: 'errcode 43101', next_attempt_at: null })
      errcode = -1
      const [flaky] = await queue()
      for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
        await flushOutbox(db, { cfg: realCfg(), fetch, now: t.clock.now })
        t.clock.advance(7 * HOUR)
      }
      expect(Number((await rowOf(refused)).attempts)).toBe(1)
      const f = await rowOf(flaky)
      expect(f).toMatchObject({ status: 'failed', error: 'errcode -1', next_attempt_at: null })
      expect(Number(f.attempts)).toBe(MAX_ATTEMPTS)
    })

    test('a row stuck in sending (a crashed instance) is claimed again after 10 minutes, not before', async () => {
      const [id] = await queue()
      await db.updateTable('wx_messages').set({ status: 'sending', attempts: 1, claimed_at: iso(new Date(t.clock.now().getTime() - 9 * MINUTE)) }).where('id', '=', id).execute()
      expect(await claimOutbox(db, t.clock.now())).toEqual([])
      t.clock.advance(MINUTE)
      const s = sender(() => false)
      expect(await flushOutbox(db, { cfg: realCfg(), fetch: s.fetch, now: t.clock.now })).toBe(1)
      expect(await rowOf(id)).toMatchObject({ status: 'sent' })
      expect(Number((await rowOf(id)).attempts)).toBe(2)
    })

    test('two instances flushing at once claim disjoint rows: every message is sent exactly once', async () => {
      const ids = await queue(40)
      const other = secondHandle(t)
      try {
        const claims = await Promise.all([claimOutbox(db, t.clock.now(), 15), claimOutbox(other.db, t.clock.now(), 15), claimOutbox(db, t.clock.now(), 15)])
        const claimed = claims.flat().map((r) => Number(r.id))
        expect(new Set(claimed).size).toBe(claimed.length)
        expect(claimed.length).toBe(40)
        await db.updateTable('wx_messages').set({ status: 'queued', attempts: 0, claimed_at: null }).execute()
        const sandbox = subscribeConfig({})
        const done = await Promise.all([
          flushOutbox(db, { cfg: sandbox, now: t.clock.now }),
          flushOutbox(other.db, { cfg: sandbox, now: t.clock.now }),
          flushOutbox(b.handle.db, { cfg: sandbox, now: t.clock.now })
        ])
        expect(done.reduce((x, y) => x + y, 0)).toBe(40)
        const rows = await db.selectFrom('wx_messages').select(['id', 'status', 'attempts']).where('id', 'in', ids).execute()
        expect(rows.every((r) => r.status === 'sandbox' && Number(r.attempts) === 1)).toBe(true)
      } finally {
        await other.destroy()
      }
    })
  })

  test('pruning deletes expired sessions and attempts older than 24 h, nothing else', async () => {
    const now = t.clock.now()
    const c = await newCase()
    const staff = await db.selectFrom('staff_users').select('id').executeTakeFirstOrThrow()
    const past = iso(new Date(now.getTime() - MINUTE))
    const future = iso(new Date(now.getTime() + DAY))
    await db.deleteFrom('owner_sessions').execute()
    await db.deleteFrom('staff_sessions').execute()
    await db.deleteFrom('verify_attempts').execute()
    const os = (hash: string, expires: string) => ({ token_hash: hash, case_id: c.caseId, house_id: c.houseId, owner_id: null, role: 'owner', delegate_id: null, expires_at: expires, created_at: iso(now) })
    await db.insertInto('owner_sessions').values([os('old-owner', past), os('live-owner', future)]).execute()
    await db.insertInto('staff_sessions').values([{ token_hash: 'old-staff', staff_user_id: staff.id, expires_at: past, created_at: iso(now) }, { token_hash: 'live-staff', staff_user_id: staff.id, expires_at: future, created_at: iso(now) }]).execute()
    await db.insertInto('verify_attempts').values([{ house_id: null, client_key: 'old', success: 0, at: iso(new Date(now.getTime() - 25 * HOUR)) }, { house_id: null, client_key: 'recent', success: 0, at: iso(new Date(now.getTime() - 23 * HOUR)) }]).execute()
    expect(await prune(db, now)).toEqual({ ownerSessions: 1, staffSessions: 1, verifyAttempts: 1, loginLockAlerts: 0 })
    expect((await db.selectFrom('owner_sessions').select('token_hash').execute()).map((r) => r.token_hash)).toEqual(['live-owner'])
    expect((await db.selectFrom('staff_sessions').select('token_hash').execute()).map((r) => r.token_hash)).toEqual(['live-staff'])
    expect((await db.selectFrom('verify_attempts').select('client_key').execute()).map((r) => r.client_key)).toEqual(['recent'])
    expect(await prune(db, now)).toEqual({ ownerSessions: 0, staffSessions: 0, verifyAttempts: 0, loginLockAlerts: 0 })
  })

  test('retention deletes files past the period from storage, marks the rows and audits without personal data', async () => {
    const now = t.clock.now()
    const retention = Number((await db.selectFrom('communities').select('upload_retention_days').where('id', '=', communityId).executeTakeFirstOrThrow()).upload_retention_days)
    const long = iso(new Date(now.getTime() - (retention + 1) * DAY))
    const recent = iso(new Date(now.getTime() - 10 * DAY))
    const put = async (caseId: number, name: string, purpose = 'document') => {
      const key = `test/${t.db.dialect}-${name}.png`
      await t.app.storage.put(key, Buffer.from(name), 'image/png')
      const r = await db
        .insertInto('uploads')
        .values({ case_id: caseId, item_code: purpose === 'document' ? 'owner_id_card' : null, purpose, storage_key: key, mime: 'image/png', size: name.length, sha256: 'x', uploaded_by: 'owner', created_at: long, deleted_at: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { id: Number(r.id), key }
    }
    const doneLong = await newCase()
    const doneRecent = await newCase()
    const abandoned = await newCase()
    const live = await newCase()
    await db.updateTable('move_in_cases').set({ done_at: long }).where('id', '=', doneLong.caseId).execute()
    await db.updateTable('move_in_cases').set({ done_at: recent }).where('id', '=', doneRecent.caseId).execute()
    for (const c of [abandoned, live]) {
      await db.updateTable('move_in_cases').set({ updated_at: long, created_at: long }).where('id', '=', c.caseId).execute()
      await db.updateTable('case_events').set({ at: long }).where('case_id', '=', c.caseId).execute()
    }
    // the live case had a stage event last week
    await db.insertInto('case_events').values({ case_id: live.caseId, stage: 'documents', from_status: 'available', to_status: 'in_progress', actor_type: 'owner', actor_id: null, note: null, at: recent }).execute()

    const gone1 = await put(doneLong.caseId, 'done-long-id')
    const gone2 = await put(abandoned.caseId, 'abandoned-id')
    const keptRecent = await put(doneRecent.caseId, 'done-recent-id')
    const keptLive = await put(live.caseId, 'live-id')
    // an inspection photo of a defect whose repair is still open stays
    const photo = await put(doneLong.caseId, 'open-repair-photo', 'inspection')
    const insp = await db.insertInto('inspections').values({ case_id: doneLong.caseId, round: 1, inspector_id: null, status: 'completed', result: 'failed', started_at: long, completed_at: long, owner_signature_key: null, owner_signed_at: null }).returning('id').executeTakeFirstOrThrow()
    const defect = await db.insertInto('defects').values({ inspection_id: insp.id, case_id: doneLong.caseId, room: '厨房', category: '渗水', severity: '严重', idempotency_key: null, due_date: null, created_at: long, updated_at: long, confirmed_at: null }).returning('id').executeTakeFirstOrThrow()
    await db.insertInto('defect_photos').values({ defect_id: defect.id, upload_id: photo.id, kind: 'before' }).execute()
    await db.insertInto('repair_orders').values({ defect_id: defect.id, due_date: null, status: 'open', fixed_at: null, fixed_by: null, created_at: long, note: null }).execute()

    expect(await applyRetention(db, t.app.storage, now)).toEqual({ deleted: 2, failed: 0 })
    for (const g of [gone1, gone2]) {
      expect(await t.app.storage.get(g.key)).toBeNull()
      expect((await db.selectFrom('uploads').select('deleted_at').where('id', '=', g.id).executeTakeFirstOrThrow()).deleted_at).toBe(iso(now))
    }
    for (const k of [keptRecent, keptLive, photo]) {
      expect(await t.app.storage.get(k.key)).not.toBeNull()
      expect((await db.selectFrom('uploads').select('deleted_at').where('id', '=', k.id).executeTakeFirstOrThrow()).deleted_at).toBeNull()
    }
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'upload.retention_delete').orderBy('id').execute()
    expect(audit.map((a) => a.target)).toEqual([`upload:${gone1.id}`, `upload:${gone2.id}`])
    expect(audit.every((a) => a.actor_type === 'system' && a.actor_id === null)).toBe(true)
    expect(JSON.parse(audit[0].detail)).toEqual({ caseId: doneLong.caseId, purpose: 'document', retentionDays: retention })
    const owners = await db.selectFrom('registered_owners').select('name').execute()
    for (const o of owners) expect(JSON.stringify(audit)).not.toContain(o.name)

    // again: nothing more; the repair fixed → the photo goes too
    expect(await applyRetention(db, t.app.storage, now)).toEqual({ deleted: 0, failed: 0 })
    await db.updateTable('repair_orders').set({ status: 'fixed' }).where('defect_id', '=', defect.id).execute()
    expect(await applyRetention(b.handle.db, b.app.storage, now)).toEqual({ deleted: 1, failed: 0 })
    expect(await t.app.storage.get(photo.key)).toBeNull()
  })

  test('reminder the day before: once per reservation for tomorrow, none for other days or cancelled ones', async () => {
    // 10:00 Shanghai on a day after everything above
    t.clock.set(`${addDays(shanghaiDate(t.clock.now()), 1)}T02:00:00.000Z`)
    const now = t.clock.now()
    const today = shanghaiDate(now)
    const slot = async (date: string, start: string) => {
      const h = await db.selectFrom('houses').select('batch').where('community_id', '=', communityId).executeTakeFirstOrThrow()
      const r = await db.insertInto('slots').values({ community_id: communityId, batch: h.batch, date, start_time: start, end_time: '07:50', capacity: 10, booked: 1 }).returning('id').executeTakeFirstOrThrow()
      return Number(r.id)
    }
    const reserve = async (slotId: number, status = 'active') => {
      const c = await newCase()
      await db.insertInto('reservations').values({ case_id: c.caseId, house_id: c.houseId, slot_id: slotId, status, idempotency_key: null, created_at: iso(now), cancelled_at: status === 'active' ? null : iso(now) }).execute()
      return c
    }
    await db.updateTable('reservations').set({ status: 'cancelled' }).where('status', '=', 'active').execute()
    const tomorrow = await slot(addDays(today, 1), '07:11')
    const later = await slot(addDays(today, 2), '07:12')
    const yes = await reserve(tomorrow)
    const cancelled = await reserve(tomorrow, 'cancelled')
    const notYet = await reserve(later)
    const reminders = (caseId: number) => db.selectFrom('notifications').selectAll().where('case_id', '=', caseId).where('kind', '=', 'reservation_reminder').execute()

    // not before 09:00 Shanghai
    expect(await sendReminders(db, new Date(now.getTime() - 2 * HOUR))).toEqual({ sent: 0 })
    // two at once. On SQLite both on one handle: better-sqlite3 waits for a lock synchronously,
    // so a second handle in the SAME process would block the event loop that must finish the
    // first transaction (production SQLite is one process; two processes simply wait).
    const other = t.db.dialect === 'postgres' ? b.handle.db : db
    const [x, y] = await Promise.all([sendReminders(db, now), sendReminders(other, now)])
    expect(x.sent + y.sent).toBe(1)
    expect(await sendReminders(db, new Date(now.getTime() + HOUR))).toEqual({ sent: 0 })
    const got = await reminders(yes.caseId)
    expect(got).toHaveLength(1)
    expect(got[0].title).toMatch(/^明天办理入伙：\d+月\d+日（周.）07:11-07:50$/)
    expect(got[0].body).toContain('业主身份证')
    expect(got[0].body).toContain('购房合同')
    expect(got[0].body).toMatch(/到 .+ 办理入伙/)
    expect(await reminders(cancelled.caseId)).toHaveLength(0)
    expect(await reminders(notYet.caseId)).toHaveLength(0)
    // the owner reads it in the message centre
    const list = (await t.app.inject({ method: 'GET', url: '/api/owner/notifications', headers: bearer(yes.token) })).json()
    expect(list.items[0]).toMatchObject({ kind: 'reservation_reminder', link: '/owner/reserve/index' })
    // a day later the other one is tomorrow's
    expect(await sendReminders(db, new Date(now.getTime() + DAY))).toEqual({ sent: 1 })
    expect(await reminders(notYet.caseId)).toHaveLength(1)
  })
})
