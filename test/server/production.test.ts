/*
 * Production mode (NODE_ENV=production): no demo data, no sandbox routes or fallbacks unless
 * ANJIA_SANDBOX=1, and the master-key rule (never a new key next to existing ciphertexts).
 * Mostly in-process (preflight pieces and start()); one compiled server is spawned to see the
 * real refusal and the staging warning on the terminal.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../server/src/config'
import { seedDemo } from '../../server/src/seed/demo'
import { start } from '../../server/src/server'
import { checkKey, checkSettings, countCiphertexts, PreflightError, preflight } from '../../server/src/startup'
import { createTestDb, dialects, TEST_SECRET, type TestDb } from './harness'

jest.setTimeout(120_000)

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-prod-'))

/** Every real setting present (paths are never read at start: the gateway is created on first payment). */
const REAL: NodeJS.ProcessEnv = {
  WX_APPID: 'wx1234567890abcdef',
  WX_SECRET: 'real-secret',
  WXPAY_MCHID: '1230000109',
  WXPAY_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
  WXPAY_PRIVATE_KEY_PATH: '/etc/anjia/apiclient_key.pem',
  WXPAY_APIV3_KEY: '0123456789abcdef0123456789abcdef',
  WXPAY_PLATFORM_PUBLIC_KEY_PATH: '/etc/anjia/pub_key.pem',
  WXPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0112345678',
  WX_TEMPLATE_REVIEW: 'tpl-review'
}

const base = (dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  DATA_DIR: dataDir,
  WEB_ROOT: path.join(dataDir, 'no-web'),
  LOG_LEVEL: 'warn',
  ...extra
})

function refusal(fn: () => unknown): PreflightError {
  try {
    fn()
  } catch (err) {
    if (err instanceof PreflightError) return err
    throw err
  }
  throw new Error('expected a PreflightError')
}

describe('settings check', () => {
  const dir = tmp()
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
  const cfg = (env: NodeJS.ProcessEnv) => loadConfig(base(dir, { ANJIA_SECRET_KEY: TEST_SECRET, ...env }))

  test('outside production every sandbox is fine and nothing is printed', () => {
    expect(checkSettings(cfg({}), {})).toEqual([])
  })

  test('production without settings refuses, naming every missing variable in Chinese and English', () => {
    const env = { NODE_ENV: 'production' }
    const err = refusal(() => checkSettings(cfg(env), env))
    for (const v of ['WX_APPID', 'WX_SECRET', 'WXPAY_MCHID', 'WXPAY_APIV3_KEY', 'WX_TEMPLATE_REVIEW', 'ANJIA_SANDBOX=1']) expect(err.message).toContain(v)
    expect(err.message).toContain('安家拒绝以生产模式')
    expect(err.message).toContain('Anjia refuses to start in production')
    expect(err.exitCode).toBe(1)
  })

  test('production with WeChat login but no WeChat Pay names only what is missing', () => {
    const env = { NODE_ENV: 'production', WX_APPID: 'wx1', WX_SECRET: 's', WX_TEMPLATE_PROGRESS: 'tpl' }
    const err = refusal(() => checkSettings(cfg(env), env))
    expect(err.message).toContain('WXPAY_MCHID')
    expect(err.message).toContain('微信支付')
    expect(err.message).not.toContain('WX_APPID')
    expect(err.message).not.toContain('订阅消息')
  })

  test('production with templates missing refuses: subscription messages would be sandboxed', () => {
    const env = { ...REAL, NODE_ENV: 'production', WX_TEMPLATE_REVIEW: '' }
    expect(refusal(() => checkSettings(cfg(env), env)).message).toContain('WX_TEMPLATE_REVIEW / WX_TEMPLATE_PROGRESS / WX_TEMPLATE_REMINDER')
  })

  test('production with every real setting starts quietly', () => {
    const env = { ...REAL, NODE_ENV: 'production' }
    expect(checkSettings(cfg(env), env)).toEqual([])
  })

  test('ANJIA_SANDBOX=1 lets a staging server start, with a loud warning', () => {
    const env = { NODE_ENV: 'production', ANJIA_SANDBOX: '1' }
    const warnings = checkSettings(cfg(env), env)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('ANJIA_SANDBOX=1')
    expect(warnings[0]).toContain('STAGING')
    expect(warnings[0]).toContain('微信支付')
  })

  describe('PostgreSQL with uploads on the local disk (several instances would lose files)', () => {
    const PG = { DATABASE_URL: 'postgres://u@db.invalid:5432/anjia' }
    const S3 = { S3_ENDPOINT: 'https://s3.example.com', S3_BUCKET: 'anjia', S3_ACCESS_KEY: 'k', S3_SECRET_KEY: 's' }

    test('outside production: a loud warning in Chinese and English', () => {
      const w = checkSettings(cfg(PG), PG)
      expect(w).toHaveLength(1)
      expect(w[0]).toContain('本机磁盘')
      expect(w[0]).toContain('WARNING')
      expect(w[0]).toContain('ANJIA_SINGLE_INSTANCE=1')
    })

    test('in production: refused, naming the object store and ANJIA_SINGLE_INSTANCE', () => {
      const env = { ...REAL, ...PG, NODE_ENV: 'production' }
      const err = refusal(() => checkSettings(cfg(env), env))
      expect(err.message).toContain('S3_ENDPOINT')
      expect(err.message).toContain('ANJIA_SINGLE_INSTANCE=1')
    })

    test('in production with ANJIA_SINGLE_INSTANCE=1, or with an object store: starts quietly', () => {
      const single = { ...REAL, ...PG, NODE_ENV: 'production', ANJIA_SINGLE_INSTANCE: '1' }
      expect(checkSettings(cfg(single), single)).toEqual([])
      const s3 = { ...REAL, ...PG, ...S3, NODE_ENV: 'production' }
      expect(checkSettings(cfg(s3), s3)).toEqual([])
    })

    test('SQLite with the local disk is the one-machine default: nothing to say', () => {
      expect(checkSettings(cfg({ NODE_ENV: 'production', ...REAL }), { ...REAL })).toEqual([])
    })
  })

  test('half-configured WeChat Pay refuses in every mode', () => {
    const env = { WXPAY_MCHID: '1230000109' }
    expect(refusal(() => checkSettings(cfg(env), env)).message).toContain('WXPAY_SERIAL_NO')
  })
})

describe.each(dialects())('master key with the database in view (%s)', (dialect) => {
  let seeded: TestDb
  let empty: TestDb
  beforeAll(async () => {
    seeded = await createTestDb(dialect)
    await seedDemo(seeded.handle.db, loadConfig(base(seeded.dataDir, { ANJIA_SECRET_KEY: TEST_SECRET })))
    empty = await createTestDb(dialect)
  })
  afterAll(async () => {
    await seeded.drop()
    await empty.drop()
  })

  test('ciphertexts are counted over every *_cipher column', async () => {
    const c = await countCiphertexts(seeded.handle.db)
    expect(c.rows).toBeGreaterThan(0)
    expect(c.sample).toMatch(/^v1:/)
    expect((await countCiphertexts(empty.handle.db)).rows).toBe(0)
  })

  test('no key next to existing ciphertexts: refused in every mode, and no key file is created', async () => {
    const dir = tmp()
    for (const env of [{}, { NODE_ENV: 'production' }]) {
      const config = loadConfig(base(dir, env))
      expect(config.keySource).toBe('new')
      const err = await checkKey(config, seeded.handle.db, { mayCreate: true }).catch((e) => e)
      expect(err).toBeInstanceOf(PreflightError)
      expect(err.message).toContain('ANJIA_SECRET_KEY')
      expect(err.message).toContain('encrypted personal-data')
    }
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false)
  })

  test('a key that does not decrypt the existing data is refused', async () => {
    const other = 'ab'.repeat(32)
    const err = await checkKey(loadConfig(base(tmp(), { ANJIA_SECRET_KEY: other })), seeded.handle.db, { mayCreate: false }).catch((e) => e)
    expect(err).toBeInstanceOf(PreflightError)
    expect(err.message).toContain('does not decrypt')
    expect(await checkKey(loadConfig(base(tmp(), { ANJIA_SECRET_KEY: TEST_SECRET })), seeded.handle.db, { mayCreate: false })).toBeNull()
  })

  test('an empty database: production refuses to invent a key, the demo mode writes secret.key (0600)', async () => {
    const dir = tmp()
    const prod = loadConfig(base(dir, { ...REAL, NODE_ENV: 'production' }))
    const err = await preflight(prod, empty.handle.db, { ...REAL, NODE_ENV: 'production' }).catch((e) => e)
    expect(err).toBeInstanceOf(PreflightError)
    expect(err.message).toContain('npm run admin -- init')
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false)

    const dev = loadConfig(base(dir))
    const notes = await preflight(dev, empty.handle.db, {})
    expect(notes.join()).toContain('secret.key')
    const file = path.join(dir, 'secret.key')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(dev.keySource).toBe('file')
    // the next start reads the same key
    expect(loadConfig(base(dir)).keys.aes.equals(dev.keys.aes)).toBe(true)
  })

  test('a production start on a database with data but no key refuses', async () => {
    const env = base(seeded.dataDir, { ...REAL, NODE_ENV: 'production', SEED_DEMO: '1' })
    if (dialect === 'postgres') {
      const u = new URL(process.env.DATABASE_URL!)
      u.searchParams.set('options', `-c search_path=${seeded.handle.schema}`)
      env.DATABASE_URL = u.toString()
      env.ANJIA_SINGLE_INSTANCE = '1' // one machine: uploads on its disk are accepted
    }
    const err = await start(env, { logger: false }).catch((e) => e)
    expect(err).toBeInstanceOf(PreflightError)
    expect(err.message).toContain('已有')
    expect(fs.existsSync(path.join(seeded.dataDir, 'secret.key'))).toBe(false)
  })
})

describe('start() in production', () => {
  test('never seeds the demo (even with SEED_DEMO=1) and registers no sandbox route', async () => {
    const dir = tmp()
    const s = await start(base(dir, { ...REAL, NODE_ENV: 'production', SEED_DEMO: '1', ANJIA_SECRET_KEY: TEST_SECRET }), { logger: false })
    try {
      expect(s.seeded).toBe(false)
      expect(s.warnings).toEqual([])
      expect(await s.handle.db.selectFrom('communities').select('id').execute()).toEqual([])
      const paths = Object.keys((await s.app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths)
      expect(paths.length).toBeGreaterThan(20)
      expect(paths.filter((p) => p.includes('sandbox'))).toEqual([])
      // sandbox wx-login codes are not accepted: code2session is the real one
      expect(s.app.code2session).toBeDefined()
      expect(s.config.wx.sandbox).toBe(false)
    } finally {
      await s.app.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the demo start still seeds and keeps its sandbox cashier', async () => {
    const dir = tmp()
    const s = await start(base(dir, { SEED_DEMO: '1' }), { logger: false })
    try {
      expect(s.seeded).toBe(true)
      expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(true)
      const paths = Object.keys((await s.app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths)
      expect(paths.some((p) => p.includes('sandbox'))).toBe(true)
    } finally {
      await s.app.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the compiled server', () => {
  const out = tmp()
  let serverJs = ''
  beforeAll(() => {
    const root = path.resolve(__dirname, '../..')
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { isStale } = require('../../scripts/lib.cjs') as { isStale: (output: string, inputs: string[]) => boolean }
    const dist = path.join(root, 'server/dist/server/src/server.js')
    if (!isStale('server/dist/server/src/server.js', ['server/src', 'types', 'server/tsconfig.json'])) {
      serverJs = dist
      return
    }
    // npm test runs server tests before it builds server/dist: compile into a private folder
    spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'server/tsconfig.json'), '--outDir', out], { cwd: root, stdio: 'ignore' })
    serverJs = path.join(out, 'server/src/server.js')
  }, 300_000)
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }))

  const env = (extra: NodeJS.ProcessEnv) => {
    // the compiled files live outside the repository: modules resolve through NODE_PATH
    const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_PATH: path.resolve(__dirname, '../../node_modules') }
    return { ...clean, ...base(tmp()), ...extra }
  }

  test('refuses to start in production without settings: exit 1 and one clear paragraph', () => {
    expect(fs.existsSync(serverJs)).toBe(true)
    const r = spawnSync(process.execPath, [serverJs], { cwd: path.resolve(__dirname, '../..'), env: env({ NODE_ENV: 'production', PORT: '1' }), encoding: 'utf8', timeout: 30_000 })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('安家拒绝以生产模式')
    expect(r.stderr).toContain('WX_APPID')
    expect(r.stderr).toContain('WXPAY_MCHID')
    expect(r.stderr).not.toContain('    at ')
    expect(r.stdout).not.toContain('演示')
  })

  test('with ANJIA_SANDBOX=1 it starts as staging, prints the warning and no demo data', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port
        srv.close(() => resolve(p))
      })
    })
    const child = spawn(process.execPath, [serverJs], {
      cwd: path.resolve(__dirname, '../..'),
      env: env({ NODE_ENV: 'production', ANJIA_SANDBOX: '1', SEED_DEMO: '1', ANJIA_SECRET_KEY: TEST_SECRET, PORT: String(port), HOST: '127.0.0.1' })
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    try {
      const deadline = Date.now() + 30_000
      while (!output.includes('接口文档') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100))
      expect(output).toContain('已启动')
      expect(output).toContain('ANJIA_SANDBOX=1')
      expect(output).toContain('STAGING')
      expect(output).not.toContain('演示')
      const docs = (await (await fetch(`http://127.0.0.1:${port}/api/docs/json`)).json()) as { paths: Record<string, unknown> }
      expect(Object.keys(docs.paths).length).toBeGreaterThan(20)
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
    }
  })
})
