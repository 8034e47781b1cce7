import fs from 'node:fs'
import path from 'node:path'
import { hashPassword } from '../../server/src/lib/crypto'
import { bearer, clientAddress, createTestApp, dialects, staffLogin, type TestApp } from './harness'

let clientSeq = 0
async function login(t: TestApp, username: string, password: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/staff/login',
    remoteAddress: clientAddress(`accounts-test-${clientSeq++}`),
    payload: { username, password }
  })
}

describe.each(dialects())('staff accounts (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  let managerId: number
  let otherAccountId: number
  beforeAll(async () => {
    t = await createTestApp(dialect)
    manager = await staffLogin(t, 'manager')
    managerId = (await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(manager) })).json().id
    // a second community with its own account: invisible to this manager
    const db = t.db.handle.db
    const c = await db.insertInto('communities').values({ name: '另一个小区', created_at: t.clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()
    const u = await db
      .insertInto('staff_users')
      .values({
        community_id: Number(c.id),
        username: 'other-reception',
        password_hash: await hashPassword('other-password-1'),
        display_name: '别处前台',
        role: 'reception',
        created_at: t.clock.now().toISOString()
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    otherAccountId = Number(u.id)
  })
  afterAll(async () => t.close())

  // every password the test saw, to check none of them reaches the audit log
  const secrets = ['zhao-li-secret-2026', 'wu-cashier-secret']
  const remember = <R extends { statusCode: number; json: () => { oneTimePassword?: string } }>(res: R) => {
    if (res.statusCode === 200 && res.json().oneTimePassword) secrets.push(res.json().oneTimePassword!)
    return res
  }
  const create = async (body: unknown, token = manager) =>
    remember(await t.app.inject({ method: 'POST', url: '/api/staff/accounts', headers: bearer(token), payload: body as object }))
  const patch = (id: number, body: unknown, token = manager) => t.app.inject({ method: 'PATCH', url: `/api/staff/accounts/${id}`, headers: bearer(token), payload: body as object })
  const reset = async (id: number, token = manager) =>
    remember(await t.app.inject({ method: 'POST', url: `/api/staff/accounts/${id}/reset-password`, headers: bearer(token) }))

  test('the manager lists the accounts of their own community only, managers first, no password hashes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/staff/accounts', headers: bearer(manager) })
    expect(res.statusCode).toBe(200)
    const items = res.json().items as { username: string; role: string; active: boolean; mustChangePassword: boolean }[]
    expect(items[0].role).toBe('manager')
    expect(items.map((i) => i.username).sort()).toEqual(['cashier', 'inspector', 'manager', 'reception', 'reviewer'])
    expect(items.every((i) => i.active && !i.mustChangePassword)).toBe(true)
    expect(res.body).not.toContain('scrypt$')
    expect(res.body).not.toContain('other-reception')
  })

  test('staff who are not managers get 403 on every account route', async () => {
    const cashier = await staffLogin(t, 'cashier')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/accounts', headers: bearer(cashier) })).statusCode).toBe(403)
    expect((await create({ username: 'x-user', displayName: 'X', role: 'manager' }, cashier)).statusCode).toBe(403)
    expect((await patch(managerId, { active: false }, cashier)).statusCode).toBe(403)
    expect((await reset(managerId, cashier)).statusCode).toBe(403)
  })

  test('a new account gets a one-time password that must be changed before anything else works', async () => {
    const res = await create({ username: 'Zhao.Li', displayName: '前台 赵丽', role: 'reception' })
    expect(res.statusCode).toBe(200)
    const { account, oneTimePassword } = res.json()
    expect(account).toMatchObject({ username: 'zhao.li', displayName: '前台 赵丽', role: 'reception', active: true, mustChangePassword: true, passwordChangedAt: null })
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{12}$/)

    const first = await login(t, 'zhao.li', oneTimePassword)
    expect(first.statusCode).toBe(200)
    expect(first.json().mustChangePassword).toBe(true)
    const token = first.json().token
    const second = (await login(t, 'zhao.li', oneTimePassword)).json().token

    const blocked = await t.app.inject({ method: 'GET', url: '/api/staff/houses?q=1', headers: bearer(token) })
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(token) })).statusCode).toBe(200)

    const change = (body: object) => t.app.inject({ method: 'POST', url: '/api/staff/password', headers: bearer(token), payload: body })
    expect((await change({ currentPassword: 'wrong-password', newPassword: 'a-long-new-secret' })).json().error.code).toBe('PASSWORD_WRONG')
    expect((await change({ currentPassword: oneTimePassword, newPassword: 'short' })).json().error.code).toBe('PASSWORD_TOO_SHORT')
    expect((await change({ currentPassword: oneTimePassword, newPassword: oneTimePassword })).json().error.code).toBe('PASSWORD_UNCHANGED')
    const ok = await change({ currentPassword: oneTimePassword, newPassword: 'zhao-li-secret-2026' })
    expect(ok.statusCode).toBe(200)

    expect((await t.app.inject({ method: 'GET', url: '/api/staff/houses?q=1', headers: bearer(token) })).statusCode).toBe(200)
    // the account's other session ended with the change
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(second) })).statusCode).toBe(401)
    const again = await login(t, 'zhao.li', 'zhao-li-secret-2026')
    expect(again.json().mustChangePassword).toBe(false)
    expect((await login(t, 'zhao.li', oneTimePassword)).statusCode).toBe(401)
  })

  test('guessing the current password through a session is limited: 5 wrong tries, then 429', async () => {
    const token = await staffLogin(t, 'cashier')
    const change = (currentPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/staff/password', headers: bearer(token), payload: { currentPassword, newPassword: 'cashier-new-secret' } })
    for (let i = 0; i < 5; i++) expect((await change(`guess-${i}`)).json().error.code).toBe('PASSWORD_WRONG')
    const locked = await change('anjia-cashier-2026')
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error.code).toBe('RATE_LIMITED')
    t.clock.advance(16 * 60 * 1000)
    expect((await change('still-wrong')).json().error.code).toBe('PASSWORD_WRONG')
  })

  test('a username is unique across communities and letter case', async () => {
    for (const username of ['reception', 'RECEPTION', 'other-reception']) {
      const res = await create({ username, displayName: '重复', role: 'reception' })
      expect(res.statusCode).toBe(409)
      expect(res.json().error.code).toBe('USERNAME_TAKEN')
    }
  })

  test('bad input is a 400 with a stable code, never a 500', async () => {
    for (const body of [
      { username: 'ab', displayName: 'x', role: 'reception' },
      { username: 'has space', displayName: 'x', role: 'reception' },
      { username: 'good-name', displayName: 'x', role: 'boss' },
      { username: 'good-name', displayName: '   ', role: 'reception' },
      { username: 'good-name', displayName: 'x', role: 'reception', password: 'chosen-by-me' }
    ]) {
      const res = await create(body)
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    }
    expect((await patch(managerId, {})).statusCode).toBe(400)
  })

  test('a role change takes effect on the next request of an open session', async () => {
    const { account, oneTimePassword } = (await create({ username: 'wu-cashier', displayName: '收银 吴', role: 'cashier' })).json()
    const token = (await login(t, 'wu-cashier', oneTimePassword)).json().token
    await t.app.inject({ method: 'POST', url: '/api/staff/password', headers: bearer(token), payload: { currentPassword: oneTimePassword, newPassword: 'wu-cashier-secret' } })
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/houses?q=1', headers: bearer(token) })).statusCode).toBe(403)
    const res = await patch(account.id, { role: 'reception', displayName: '前台 吴' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ role: 'reception', displayName: '前台 吴' })
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/houses?q=1', headers: bearer(token) })).statusCode).toBe(200)
  })

  test('disabling an account ends its sessions at once; enabling lets it sign in again', async () => {
    const reviewer = await staffLogin(t, 'reviewer')
    const id = (await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(reviewer) })).json().id
    const off = await patch(id, { active: false })
    expect(off.statusCode).toBe(200)
    expect(off.json().active).toBe(false)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(reviewer) })).statusCode).toBe(401)
    const sessions = await t.db.handle.db.selectFrom('staff_sessions').select('id').where('staff_user_id', '=', id).execute()
    expect(sessions).toHaveLength(0)
    expect((await login(t, 'reviewer', 'anjia-reviewer-2026')).statusCode).toBe(401)
    expect((await patch(id, { active: true })).json().active).toBe(true)
    expect((await login(t, 'reviewer', 'anjia-reviewer-2026')).statusCode).toBe(200)
  })

  test('a manager cannot disable, demote or reset themselves (409)', async () => {
    for (const res of [await patch(managerId, { active: false }), await patch(managerId, { role: 'reception' }), await reset(managerId)]) {
      expect(res.statusCode).toBe(409)
      expect(res.json().error.code).toBe('OWN_ACCOUNT_PROTECTED')
    }
    // their own name may change
    expect((await patch(managerId, { displayName: '项目经理 王强' })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(manager) })).statusCode).toBe(200)
  })

  test('another community’s account is not found', async () => {
    expect((await patch(otherAccountId, { active: false })).statusCode).toBe(404)
    expect((await reset(otherAccountId)).statusCode).toBe(404)
    expect((await patch(999999, { active: false })).statusCode).toBe(404)
  })

  test('a reset gives a new one-time password and ends the account’s sessions', async () => {
    const inspector = await staffLogin(t, 'inspector')
    const id = (await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(inspector) })).json().id
    const res = await reset(id)
    expect(res.statusCode).toBe(200)
    expect(res.json().account.mustChangePassword).toBe(true)
    const otp = res.json().oneTimePassword
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(inspector) })).statusCode).toBe(401)
    expect((await login(t, 'inspector', 'anjia-inspector-2026')).statusCode).toBe(401)
    const s = await login(t, 'inspector', otp)
    expect(s.json().mustChangePassword).toBe(true)
  })

  test('every manager action is audited with the manager as actor, without any password', async () => {
    const rows = await t.db.handle.db
      .selectFrom('audit_log')
      .select(['actor_type', 'actor_id', 'action', 'detail'])
      .where('action', 'in', ['staff_account.create', 'staff_account.update', 'staff_account.reset_password'])
      .execute()
    const actions = new Set(rows.map((r) => r.action))
    expect(actions).toEqual(new Set(['staff_account.create', 'staff_account.update', 'staff_account.reset_password']))
    expect(rows.every((r) => r.actor_type === 'staff' && Number(r.actor_id) === managerId)).toBe(true)
    const disable = rows.find((r) => r.action === 'staff_account.update' && r.detail.includes('"active":false'))
    expect(JSON.parse(disable!.detail).sessionsEnded).toBeGreaterThan(0)
    const all = (await t.db.handle.db.selectFrom('audit_log').select('detail').execute()).map((r) => r.detail).join('\n')
    expect(secrets.length).toBeGreaterThanOrEqual(5)
    for (const secret of secrets) expect(all).not.toContain(secret)
    expect(all).not.toContain('scrypt$')
    const changes = await t.db.handle.db.selectFrom('audit_log').select('actor_type').where('action', '=', 'staff.password_change').execute()
    expect(changes.length).toBeGreaterThanOrEqual(2)
  })
})

test('passwords are hashed with async scrypt: no scryptSync anywhere in the server', () => {
  const files: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (p.endsWith('.ts')) files.push(p)
    }
  }
  walk(path.join(__dirname, '../../server/src'))
  expect(files.length).toBeGreaterThan(20)
  expect(files.filter((f) => fs.readFileSync(f, 'utf8').includes('scryptSync'))).toEqual([])
  expect(fs.readFileSync(path.join(__dirname, '../../server/src/lib/crypto.ts'), 'utf8')).toContain('crypto.scrypt(')
})
