import fs from 'node:fs'
import path from 'node:path'
import { deriveKeys, type DerivedKeys } from './lib/crypto'

/** Repository root, from server/src or server/dist/server/src. */
export const REPO_ROOT = (() => {
  let dir = __dirname
  while (dir !== path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'types'))) return dir
    dir = path.dirname(dir)
  }
  return process.cwd()
})()

export interface S3Config {
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** S3_SESSION_TOKEN: temporary (STS) credentials */
  sessionToken?: string
  /** S3_FORCE_PATH_STYLE: true (default) = endpoint/bucket/key; false = bucket.endpoint/key */
  forcePathStyle: boolean
}

export interface AppConfig {
  port: number
  host: string
  databaseUrl?: string
  /** PostgreSQL: send our statements as named prepared statements (db/pg-prepared.ts); PG_PREPARED_STATEMENTS=0 turns it off */
  pgPreparedStatements: boolean
  dataDir: string
  publicUrl: string
  webRoot: string
  logLevel: string
  uploadMaxBytes: number
  wx: { appId?: string; secret?: string; code2SessionUrl: string; sandbox: boolean }
  s3?: S3Config
  keys: DerivedKeys
  /**
   * Where the master key came from. 'new' = generated in memory because neither
   * ANJIA_SECRET_KEY nor DATA_DIR/secret.key exists: nothing may be encrypted with it until
   * start-up (startup.ts checkKey) has seen the database and written the key file.
   */
  keySource: 'env' | 'file' | 'new'
  /** the generated key, only when keySource is 'new' */
  newMasterKey?: Buffer
  /** NODE_ENV=production: no demo data, no sandbox unless sandboxAllowed, real settings required */
  production: boolean
  /** sandbox adapters (WeChat Pay, code2session, subscription messages) may be used: always outside production, with ANJIA_SANDBOX=1 in it */
  sandboxAllowed: boolean
  /** Injected clock: tests move time instead of sleeping. */
  now: () => Date
  /** SCHEDULER=0 disables the timed jobs of this instance (server.ts starts them after listen) */
  scheduler: boolean
  /**
   * TRUST_PROXY: the proxies whose X-Forwarded-For / -Proto are believed (comma-separated IPs or
   * CIDRs, given to Fastify's trustProxy). Empty (default) = trust none: req.ip is the peer.
   */
  trustProxy: string[]
  /**
   * Request-rate limit of every public route (verify, wx-login, staff login, entry, FAQ):
   * RATE_LIMIT_MAX requests per client address and route in RATE_LIMIT_WINDOW_S seconds
   * (default 60 per 60 s). Counted per instance (in memory); the guessing limits are global.
   */
  rateLimit: { max: number; windowMs: number }
  /**
   * OWNER_SESSION_CACHE_MS: how long this instance remembers an owner session it has looked up
   * (default 2000; 0 = look it up on every request). A logout on another instance takes effect
   * here at most this much later.
   */
  ownerSessionCacheMs: number
  /** MIGRATE=0: this instance does not migrate at start (run `npm run admin -- migrate` once before a rollout) */
  migrate: boolean
  /** ANJIA_SINGLE_INSTANCE=1: PostgreSQL with uploads on the local disk is accepted (one machine only) */
  singleInstance: boolean
}

export const WX_REAL_CODE2SESSION_URL = 'https://api.weixin.qq.com/sns/jscode2session'
/** Marker for the in-process sandbox adapter (no network). */
export const WX_SANDBOX_URL = 'sandbox:'

function parseMasterKey(raw: string): Buffer {
  const trimmed = raw.trim()
  const buf = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (buf.length !== 32) throw new Error('ANJIA_SECRET_KEY must be 32 bytes (64 hex characters or base64)')
  return buf
}

export const SECRET_KEY_FILE = 'secret.key'

/**
 * Reads DATA_DIR/secret.key when it exists; otherwise generates a key in memory only.
 * The file is written later, by checkKey (startup.ts), once the database has been seen:
 * a new key next to existing ciphertexts would make them unreadable.
 */
function readKeyFile(dataDir: string): { master: Buffer; source: 'file' | 'new' } {
  const file = path.join(dataDir, SECRET_KEY_FILE)
  if (fs.existsSync(file)) return { master: parseMasterKey(fs.readFileSync(file, 'utf8')), source: 'file' }
  return { master: require('node:crypto').randomBytes(32) as Buffer, source: 'new' }
}

/** Writes a generated key to DATA_DIR/secret.key (mode 0600; fails if the file appeared meanwhile). */
export function writeKeyFile(dataDir: string, master: Buffer): void {
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(path.join(dataDir, SECRET_KEY_FILE), master.toString('hex') + '\n', { mode: 0o600, flag: 'wx' })
}

function intEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`invalid integer: ${value}`)
  return n
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const port = intEnv(env.PORT, 3000)
  const dataDir = path.resolve(env.DATA_DIR || path.join(REPO_ROOT, 'data'))
  const { master, source: keySource } = env.ANJIA_SECRET_KEY
    ? { master: parseMasterKey(env.ANJIA_SECRET_KEY), source: 'env' as const }
    : readKeyFile(dataDir)
  const production = env.NODE_ENV === 'production'
  const appId = env.WX_APPID || undefined
  const secret = env.WX_SECRET || undefined
  const code2SessionUrl =
    env.WX_CODE2SESSION_URL || (appId && secret ? WX_REAL_CODE2SESSION_URL : WX_SANDBOX_URL)
  const s3 =
    env.S3_ENDPOINT && env.S3_BUCKET
      ? {
          endpoint: env.S3_ENDPOINT,
          bucket: env.S3_BUCKET,
          region: env.S3_REGION || 'us-east-1',
          accessKeyId: env.S3_ACCESS_KEY || env.S3_KEY || '',
          secretAccessKey: env.S3_SECRET_KEY || env.S3_SECRET || '',
          ...(env.S3_SESSION_TOKEN ? { sessionToken: env.S3_SESSION_TOKEN } : {}),
          forcePathStyle: !/^(0|false|no)$/i.test(env.S3_FORCE_PATH_STYLE ?? '')
        }
      : undefined
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    pgPreparedStatements: !/^(0|false|no)$/i.test(env.PG_PREPARED_STATEMENTS ?? ''),
    dataDir,
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    webRoot: path.resolve(env.WEB_ROOT || path.join(REPO_ROOT, 'dist', 'h5')),
    logLevel: env.LOG_LEVEL || 'info',
    uploadMaxBytes: intEnv(env.UPLOAD_MAX_BYTES, 10 * 1024 * 1024),
    wx: { appId, secret, code2SessionUrl, sandbox: code2SessionUrl === WX_SANDBOX_URL },
    s3,
    keys: deriveKeys(master),
    keySource,
    ...(keySource === 'new' ? { newMasterKey: master } : {}),
    production,
    sandboxAllowed: !production || env.ANJIA_SANDBOX === '1',
    now: () => new Date(),
    scheduler: env.SCHEDULER !== '0',
    trustProxy: (env.TRUST_PROXY ?? '').split(',').map((p) => p.trim()).filter(Boolean),
    rateLimit: { max: intEnv(env.RATE_LIMIT_MAX, 60), windowMs: intEnv(env.RATE_LIMIT_WINDOW_S, 60) * 1000 },
    ownerSessionCacheMs: env.OWNER_SESSION_CACHE_MS === '0' ? 0 : intEnv(env.OWNER_SESSION_CACHE_MS, 2000),
    migrate: env.MIGRATE !== '0',
    singleInstance: env.ANJIA_SINGLE_INSTANCE === '1',
    ...overrides
  }
}
