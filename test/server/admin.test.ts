/*
 * `npm run admin -- …` (server/src/admin.ts, called in-process through runAdmin): the first
 * community and manager of a real installation, one-time passwords, and their audit rows.
 */
import fs from 'node:fs'
import path from 'node:path'
import { runAdmin, ADMIN_HELP } from '../../server/src/admin'
import { buildApp, type App } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import { bearer, clientAddress, createTestDb, dialects, type TestDb } from './harness'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) }, out, err, text: () => [...out, ...err].join('\n') }
}

const otpOf = (text: string, user: string) => new RegExp(`one-time password for ${user.replace('.', '\\.')}:\\s+(\\S+)`).exec(text)?.[1]

test('help lists every command', async () => {
  const c = capture()
  expect(await runAdmin(['help'], {}, c.io)).toBe(0)
  for (const cmd of ['init', 'create-community --name', 'reset-password --user', 'create-staff --community-id', 'list-staff', 'ANJIA_ADMIN_PASSWORD', '--force-new-community']) {
    expect(c.out.join('\n')).toContain(cmd)
  }
  const bad = capture()
  expect(await runAdmin(['launch-rockets'], {}, bad.io)).toBe(2)
  expect(bad.err.join('\n')).toContain('launch-rockets')
  expect(bad.err.join('\n')).toContain(ADMIN_HELP.split('\n')[0])
  const missing = capture()
  expect(await runAdmin(['init', '--community', '锦绣花园'], {}, missing.io)).toBe(2)
  expect(missing.err.join('\n')).toContain('--manager')
})

test('migrate applies every migration once on an empty database, then has nothing to do', async () => {
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'anjia-admin-migrate-'))
  try {
    const env = { DATA_DIR: dir, WEB_ROOT: path.join(dir, 'no-web') }
    const first = capture()
    expect(await runAdmin(['migrate'], env, first.io)).toBe(0)
    expect(first.out.join('\n')).toContain('✔ 20261201001100_instances')
    expect(first.out.join('\n')).toMatch(/Applied \d+ migration/)
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false) // migrating needs no key
    const again = capture()
    expect(await runAdmin(['migrate'], env, again.io)).toBe(0)
    expect(again.out.join('\n')).toContain('up to date')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

describe.each(dialects())('admin CLI (%s)', (dialect) => {
  let db: TestDb
  let env: NodeJS.ProcessEnv
  let app: App
  beforeAll(async () => {
    // SQLite: a fresh DATA_DIR whose database admin creates and migrates itself
    db = await createTestDb(dialect, { migrate: dialect === 'postgres' })
    env = { DATA_DIR: db.dataDir, LOG_LEVEL: 'warn', WEB_ROOT: path.join(db.dataDir, 'no-web') }
    if (dialect === 'postgres') {
      const u = new URL(process.env.DATABASE_URL!)
      u.searchParams.set('options', `-c search_path=${db.handle.schema}`)
      env.DATABASE_URL = u.toString()
    }
  })
  afterAll(async () => {
    await app?.close()
    await db.drop()
  })

  const login = (username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/staff/login', remoteAddress: clientAddress(`admin-${Math.random()}`), payload: { username, password } })

  test('init on an empty database creates the community, its manager with a one-time password, and the key file', async () => {
    const c = capture()
    expect(await runAdmin(['init', '--community', '锦绣花园', '--manager', 'Wang.Qiang', '--name', '项目经理 王强'], env, c.io)).toBe(0)
    const otp = otpOf(c.text(), 'wang.qiang')
    expect(otp).toMatch(/^[A-Za-z0-9]{12}$/)
    expect(c.text()).toContain('secret.key')
    expect(fs.existsSync(path.join(db.dataDir, 'secret.key'))).toBe(true)
    const communities = await db.handle.db.selectFrom('communities').select(['name']).execute()
    expect(communities.map((x) => x.name)).toEqual(['锦绣花园'])
    // no demo data came with it
    expect(await db.handle.db.selectFrom('houses').select('id').execute()).toEqual([])

    app = await buildApp({ config: loadConfig(env), db: db.handle, logger: false })
    const s = await login('wang.qiang', otp!)
    expect(s.statusCode).toBe(200)
    expect(s.json().mustChangePassword).toBe(true)
    expect(s.json().user).toMatchObject({ role: 'manager', communityName: '锦绣花园', displayName: '项目经理 王强' })
    const token = s.json().token
    const blocked = await app.inject({ method: 'GET', url: '/api/staff/accounts', headers: bearer(token) })
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED')
    const changed = await app.inject({ method: 'POST', url: '/api/staff/password', headers: bearer(token), payload: { currentPassword: otp, newPassword: 'wang-qiang-2026!' } })
    expect(changed.statusCode).toBe(200)
    const list = await app.inject({ method: 'GET', url: '/api/staff/accounts', headers: bearer(token) })
    expect(list.statusCode).toBe(200)
    expect(list.json().items).toHaveLength(1)
  })

  test('init again is refused (exit 2) and creates nothing', async () => {
    const c = capture()
    expect(await runAdmin(['init', '--community', '锦绣花园', '--manager', 'li'], env, c.io)).toBe(2)
    expect(c.err.join('\n')).toContain('create-community')
    expect(c.err.join('\n')).toContain('--force-new-community')
    expect(await db.handle.db.selectFrom('communities').select('id').execute()).toHaveLength(1)
  })

  test('ANJIA_ADMIN_PASSWORD: too short is refused; a good one signs in without a forced change', async () => {
    const short = capture()
    expect(await runAdmin(['init', '--community', '二期', '--manager', 'zhou', '--force-new-community'], { ...env, ANJIA_ADMIN_PASSWORD: 'short' }, short.io)).toBe(2)
    expect(short.err.join('\n')).toContain('PASSWORD_TOO_SHORT')
    expect(await db.handle.db.selectFrom('communities').select('id').execute()).toHaveLength(1)

    const c = capture()
    expect(await runAdmin(['init', '--community', '二期', '--manager', 'zhou', '--force-new-community'], { ...env, ANJIA_ADMIN_PASSWORD: 'zhou-chosen-secret' }, c.io)).toBe(0)
    expect(c.text()).not.toContain('one-time password for')
    const s = await login('zhou', 'zhou-chosen-secret')
    expect(s.json().mustChangePassword).toBe(false)
    expect(s.json().user.communityName).toBe('二期')
  })

  test('init with a username that is taken creates no community either', async () => {
    const c = capture()
    expect(await runAdmin(['init', '--community', '三期', '--manager', 'WANG.QIANG', '--force-new-community'], env, c.io)).toBe(2)
    expect(c.err.join('\n')).toContain('USERNAME_TAKEN')
    expect((await db.handle.db.selectFrom('communities').select('name').execute()).map((r) => r.name)).not.toContain('三期')
  })

  test('create-community, create-staff and list-staff', async () => {
    const cc = capture()
    expect(await runAdmin(['create-community', '--name', '三期'], env, cc.io)).toBe(0)
    const id = Number(/id (\d+)/.exec(cc.out.join('\n'))![1])
    const cs = capture()
    expect(await runAdmin(['create-staff', '--community-id', String(id), '--user', 'sun', '--role', 'manager', '--name', '经理 孙'], env, cs.io)).toBe(0)
    const otp = otpOf(cs.text(), 'sun')
    expect((await login('sun', otp!)).json()).toMatchObject({ mustChangePassword: true, user: { communityName: '三期' } })
    expect(await runAdmin(['create-staff', '--community-id', String(id), '--user', 'x1', '--role', 'boss'], env, capture().io)).toBe(2)
    expect(await runAdmin(['create-staff', '--community-id', '99999', '--user', 'x1', '--role', 'cashier'], env, capture().io)).toBe(2)
    const ls = capture()
    expect(await runAdmin(['list-staff'], env, ls.io)).toBe(0)
    const text = ls.out.join('\n')
    for (const s of ['锦绣花园', '二期', '三期', 'wang.qiang', 'zhou', 'sun', '待改密']) expect(text).toContain(s)
    expect(text).not.toContain('scrypt')
  })

  test('reset-password prints a new one-time password and ends the account’s sessions', async () => {
    const token = (await login('zhou', 'zhou-chosen-secret')).json().token
    const c = capture()
    expect(await runAdmin(['reset-password', '--user', 'zhou'], env, c.io)).toBe(0)
    const otp = otpOf(c.text(), 'zhou')
    expect(otp).toBeTruthy()
    expect((await app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(token) })).statusCode).toBe(401)
    expect((await login('zhou', 'zhou-chosen-secret')).statusCode).toBe(401)
    expect((await login('zhou', otp!)).json().mustChangePassword).toBe(true)
    expect(await runAdmin(['reset-password', '--user', 'nobody'], env, capture().io)).toBe(2)
  })

  test('every admin command wrote an audit row as the system, without any password', async () => {
    const rows = await db.handle.db.selectFrom('audit_log').select(['actor_type', 'actor_id', 'action', 'detail']).where('actor_type', '=', 'system').execute()
    const actions = new Set(rows.map((r) => r.action))
    for (const a of ['admin.init', 'admin.init.refused', 'admin.create_community', 'staff_account.create', 'staff_account.reset_password', 'admin.list_staff']) {
      expect(actions).toContain(a)
    }
    expect(rows.every((r) => r.actor_id === null)).toBe(true)
    expect(rows.map((r) => r.detail).join('\n')).not.toMatch(/zhou-chosen-secret|scrypt\$/)
  })
})
