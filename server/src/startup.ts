/*
 * Start-up checks shared by the server and the admin CLI (called with the database in view).
 *
 * 1. Production (NODE_ENV=production) never falls back to a sandbox silently: WeChat Pay,
 *    code2session and subscription messages need their real settings, unless ANJIA_SANDBOX=1
 *    says explicitly that this is a staging server (then a loud warning is printed).
 * 2. The master key: never create a new one where ciphertexts already exist (any *_cipher
 *    column holding a value, on either database, in any mode): the old data would become
 *    unreadable. A key that does not decrypt the existing data is refused too. In production
 *    the server does not create a key at all (it comes from ANJIA_SECRET_KEY or an existing
 *    DATA_DIR/secret.key); `npm run admin -- init` may create it on a database with no ciphertexts.
 * 3. Several instances: DATABASE_URL (PostgreSQL, shared by several machines) with uploads on
 *    this machine's disk would make a file uploaded on one instance missing on another. Warned
 *    loudly outside production; refused in production unless ANJIA_SINGLE_INSTANCE=1 says there
 *    is only one machine (then warned). Configure S3_* (README "Several machines").
 */
import { sql } from 'kysely'
import { writeKeyFile, SECRET_KEY_FILE, type AppConfig } from './config'
import type { Db } from './db/database'
import { decrypt } from './lib/crypto'
import { realSettingsFromEnv } from './modules/payments/gateway'
import { subscribeConfig } from './modules/notifications/subscribe'

/** A refusal to start: `message` is the one paragraph (Chinese, then English) to print; exit code 1. */
export class PreflightError extends Error {
  readonly exitCode = 1
  constructor(message: string) {
    super(message)
    this.name = 'PreflightError'
  }
}

const WXPAY_VARS = [
  'WXPAY_MCHID',
  'WXPAY_SERIAL_NO',
  'WXPAY_PRIVATE_KEY_PATH',
  'WXPAY_APIV3_KEY',
  'WXPAY_PLATFORM_CERT_PATH(S) or WXPAY_PLATFORM_PUBLIC_KEY_PATH + WXPAY_PLATFORM_PUBLIC_KEY_ID'
]
const TEMPLATE_VARS = 'WX_TEMPLATE_REVIEW / WX_TEMPLATE_PROGRESS / WX_TEMPLATE_REMINDER (at least one)'

interface Fallback {
  /** what would run sandboxed, in Chinese and English */
  zh: string
  en: string
  missing: string[]
}

/** What would fall back to a sandbox with these settings (empty = everything is real). */
export function sandboxFallbacks(config: AppConfig, env: NodeJS.ProcessEnv): Fallback[] {
  const out: Fallback[] = []
  const wxMissing = [!config.wx.appId && 'WX_APPID', !config.wx.secret && 'WX_SECRET'].filter((v): v is string => !!v)
  if (config.wx.sandbox) {
    out.push({ zh: '微信登录', en: 'WeChat login (code2session)', missing: wxMissing.length ? wxMissing : ['WX_CODE2SESSION_URL (set to the sandbox)'] })
  }
  if (!realSettingsFromEnv(env)) out.push({ zh: '微信支付', en: 'WeChat Pay', missing: WXPAY_VARS })
  const sub = subscribeConfig(env)
  if (sub.sandbox) {
    const missing = [...wxMissing]
    if (Object.keys(sub.templates).length === 0) missing.push(TEMPLATE_VARS)
    if (env.WX_SUBSCRIBE_SANDBOX === '1') missing.push('WX_SUBSCRIBE_SANDBOX=1 (unset it)')
    out.push({ zh: '订阅消息', en: 'subscription messages', missing })
  }
  return out
}

/**
 * Settings check, before the database is opened. Throws PreflightError in production when a
 * sandbox would be used without ANJIA_SANDBOX=1; returns the warnings to print otherwise.
 */
export function checkSettings(config: AppConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  // Half-configured merchant settings are refused in every mode.
  try {
    realSettingsFromEnv(env)
  } catch (err) {
    throw new PreflightError(
      `安家无法启动：微信支付商户配置不完整（${(err as Error).message}）。请补全全部 WXPAY_* 变量或全部删除。 ` +
        `Anjia cannot start: the WeChat Pay merchant settings are incomplete (${(err as Error).message}); set all WXPAY_* variables or none.`
    )
  }
  const notes: string[] = []
  if (config.databaseUrl && !config.s3) {
    const zh = '数据库是 PostgreSQL（DATABASE_URL），但上传的文件保存在本机磁盘（DATA_DIR/uploads）：多台服务器时，在一台上传的文件在另一台上找不到。'
    const en =
      'DATABASE_URL (PostgreSQL) is set but uploads go to this machine\'s disk (DATA_DIR/uploads): with several instances a file uploaded on one is missing on the others.'
    if (config.production && !config.singleInstance) {
      throw new PreflightError(
        `安家拒绝以生产模式启动：${zh}请配置对象存储 S3_ENDPOINT / S3_BUCKET / S3_ACCESS_KEY / S3_SECRET_KEY；只有一台服务器时请显式设置 ANJIA_SINGLE_INSTANCE=1。 ` +
          `Anjia refuses to start in production: ${en} Configure the object store (S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY), or set ANJIA_SINGLE_INSTANCE=1 if this is the only instance.`
      )
    }
    if (!config.singleInstance) notes.push(`⚠ ${zh}请配置 S3_*，或只运行一台并设置 ANJIA_SINGLE_INSTANCE=1。 WARNING: ${en} Configure S3_*, or run one instance only and set ANJIA_SINGLE_INSTANCE=1.`)
  }
  if (!config.production) return notes
  const fallbacks = sandboxFallbacks(config, env)
  const missing = [...new Set(fallbacks.flatMap((f) => f.missing))]
  if (!config.sandboxAllowed) {
    if (fallbacks.length === 0) return notes
    throw new PreflightError(
      `安家拒绝以生产模式（NODE_ENV=production）启动：${fallbacks.map((f) => f.zh).join('、')}缺少配置，会退回到本地沙箱。` +
        `请设置：${missing.join(', ')}；如果这是预发布（staging）服务器，请显式设置 ANJIA_SANDBOX=1。 ` +
        `Anjia refuses to start in production (NODE_ENV=production): ${fallbacks.map((f) => f.en).join(', ')} would fall back to the local sandbox. ` +
        `Set: ${missing.join(', ')}; or, for a staging server, set ANJIA_SANDBOX=1 explicitly.`
    )
  }
  const what = fallbacks.length
    ? `以下功能使用本地沙箱 / sandboxed: ${fallbacks.map((f) => `${f.zh} (${f.en})`).join('、')}。`
    : '沙箱接口已开放 / sandbox routes are enabled.'
  return [
    ...notes,
    `⚠ ANJIA_SANDBOX=1：这是预发布服务器，不是正式环境，不可用于真实业主和真实收款。${what} ` +
      `WARNING: ANJIA_SANDBOX=1 — this is a STAGING server in production mode; sandbox payments and logins are accepted. Never use it for real owners or real money.`
  ]
}

export interface CipherCount {
  /** rows with a ciphertext, over every *_cipher column */
  rows: number
  /** one ciphertext to test the key against */
  sample: string | null
}

/** Counts stored ciphertexts: every column named *_cipher in this database (or PostgreSQL schema). */
export async function countCiphertexts(db: Db): Promise<CipherCount> {
  const tables = await db.introspection.getTables()
  let schema: string | undefined
  if (tables.some((t) => t.schema !== undefined)) {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db)
    schema = r.rows[0]?.s
  }
  let rows = 0
  let sample: string | null = null
  for (const t of tables) {
    if (t.isView || (t.schema !== undefined && t.schema !== schema)) continue
    for (const c of t.columns.filter((col) => col.name.endsWith('_cipher'))) {
      const n = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t.name)} where ${sql.ref(c.name)} is not null`.execute(db)
      const count = Number(n.rows[0]?.n ?? 0)
      rows += count
      if (count > 0 && sample === null) {
        const s = await sql<{ v: string }>`select ${sql.ref(c.name)} as v from ${sql.table(t.name)} where ${sql.ref(c.name)} is not null limit 1`.execute(db)
        sample = s.rows[0]?.v ?? null
      }
    }
  }
  return { rows, sample }
}

/**
 * Decides about the master key with the database in view (after migrations). `mayCreate`:
 * whether a missing key may be created now (never when ciphertexts exist). On success with a
 * new key, DATA_DIR/secret.key is written and the config says 'file'. Returns a note to print, if any.
 */
export async function checkKey(config: AppConfig, db: Db, opts: { mayCreate: boolean }): Promise<string | null> {
  const { rows, sample } = await countCiphertexts(db)
  const keyFile = `${config.dataDir}/${SECRET_KEY_FILE}`
  if (config.keySource === 'new') {
    if (rows > 0) {
      throw new PreflightError(
        `安家拒绝启动：数据库中已有 ${rows} 条加密的个人信息，但没有找到加密主密钥（ANJIA_SECRET_KEY 未设置，${keyFile} 不存在）。` +
          `新建密钥会让这些数据无法解密，所以不会新建。请设置 ANJIA_SECRET_KEY，或把原来的 secret.key 放回 DATA_DIR。 ` +
          `Anjia refuses to start: the database holds ${rows} encrypted personal-data values but no master key was found ` +
          `(ANJIA_SECRET_KEY unset, ${keyFile} missing). A new key would make them unreadable, so none is created. ` +
          `Set ANJIA_SECRET_KEY or restore the original secret.key into DATA_DIR.`
      )
    }
    if (!opts.mayCreate) {
      throw new PreflightError(
        `安家拒绝以生产模式启动：没有加密主密钥。请设置 ANJIA_SECRET_KEY（64 位十六进制或 base64 的 32 字节），` +
          `或先运行 npm run admin -- init 在 ${keyFile} 生成密钥并妥善备份。 ` +
          `Anjia refuses to start in production without a master key: set ANJIA_SECRET_KEY (32 bytes, 64 hex characters or base64), ` +
          `or run "npm run admin -- init" first, which creates ${keyFile} (back it up).`
      )
    }
    writeKeyFile(config.dataDir, config.newMasterKey!)
    config.keySource = 'file'
    delete config.newMasterKey
    return `已生成加密主密钥 ${keyFile}，请妥善备份（丢失后已加密的数据无法恢复）。 Created the master key ${keyFile}: back it up.`
  }
  if (sample) {
    try {
      decrypt(config.keys.aes, sample)
    } catch {
      const from = config.keySource === 'env' ? 'ANJIA_SECRET_KEY' : keyFile
      throw new PreflightError(
        `安家拒绝启动：加密主密钥（${from}）无法解密数据库中已有的数据，密钥与数据库不匹配。请使用原来的密钥。 ` +
          `Anjia refuses to start: the master key (${from}) does not decrypt the data already in the database; use the original key.`
      )
    }
  }
  return null
}

/**
 * Every start-up check, for a server: settings, then the key (created only outside production).
 * Returns the warnings and notes to print; throws PreflightError to refuse.
 */
export async function preflight(config: AppConfig, db: Db, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const warnings = checkSettings(config, env)
  const note = await checkKey(config, db, { mayCreate: !config.production })
  return note ? [...warnings, note] : warnings
}
