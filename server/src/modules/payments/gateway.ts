/*
 * Which WeChat Pay the server talks to. Without merchant settings it is the local sandbox
 * (SandboxWechatPay plays WeChat over the same protocol; its keys are generated once and kept
 * in the database with its orders, so notifications stay verifiable across restarts and on
 * every API instance: an order placed through one is paid and notified to another). With WXPAY_MCHID,
 * WXPAY_SERIAL_NO, WXPAY_PRIVATE_KEY_PATH, WXPAY_APIV3_KEY and the platform certificate(s)
 * (WXPAY_PLATFORM_CERT_PATH / WXPAY_PLATFORM_CERT_PATHS, comma separated) or the platform
 * public key (WXPAY_PLATFORM_PUBLIC_KEY_PATH + WXPAY_PLATFORM_PUBLIC_KEY_ID) it is the real API.
 */
import fs from 'node:fs'
import { X509Certificate } from 'node:crypto'
import type { AppConfig } from '../../config'
import type { Db } from '../../db/database'
import {
  RealWechatPayClient,
  SandboxWechatPay,
  generateSandboxKeys,
  type KeyLike,
  type SandboxKeys,
  type SandboxOrderRecord,
  type SandboxOrderStore,
  type WechatPayClient
} from './wechatpay'

export interface PaymentGateway {
  mode: 'sandbox' | 'real'
  client: WechatPayClient
  mchid: string
  appid: string
  apiV3Key: string
  merchantPrivateKeyPem: KeyLike
  platformPublicKeys: ReadonlyMap<string, KeyLike>
  /** present only in sandbox mode */
  sandbox: SandboxWechatPay | null
}

export const SANDBOX_MCHID = '1900000109'
export const SANDBOX_APPID = 'wxd0000000000sandbox'

/** The notify URL WeChat (or the sandbox) POSTs to; read at order time so tests can set PUBLIC_URL after listen. */
export function notifyUrl(config: AppConfig): string {
  return `${config.publicUrl}/api/payments/wechat/notify`
}

const validKeys = (k: SandboxKeys | null): k is SandboxKeys => !!(k?.merchant?.privateKeyPem && k.platform?.privateKeyPem && k.apiV3Key?.length === 32)

/** The sandbox keys of this database: the first instance to need them creates them, every other one reads them. */
export async function loadOrCreateSandboxKeys(db: Db, now: Date): Promise<SandboxKeys> {
  const read = async () => {
    const row = await db.selectFrom('wechatpay_sandbox_keys').select('keys_json').where('id', '=', 1).executeTakeFirst()
    return row ? (JSON.parse(row.keys_json) as SandboxKeys) : null
  }
  const existing = await read()
  if (validKeys(existing)) return existing
  const keys = generateSandboxKeys()
  await db
    .insertInto('wechatpay_sandbox_keys')
    .values({ id: 1, keys_json: JSON.stringify(keys), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  const stored = await read() // another instance may have won the insert: use its keys
  if (!validKeys(stored)) throw new Error('wechatpay_sandbox_keys holds an invalid row')
  return stored
}

/** The sandbox's orders in the database, shared by every instance. */
export function dbSandboxOrderStore(db: Db, now: () => Date): SandboxOrderStore {
  return {
    async get(outTradeNo) {
      const row = await db.selectFrom('wechatpay_sandbox_orders').select('record_json').where('out_trade_no', '=', outTradeNo).executeTakeFirst()
      return row ? (JSON.parse(row.record_json) as SandboxOrderRecord) : null
    },
    async insert(order) {
      const r = await db
        .insertInto('wechatpay_sandbox_orders')
        .values({ out_trade_no: order.outTradeNo, record_json: JSON.stringify(order), updated_at: now().toISOString() })
        .onConflict((oc) => oc.column('out_trade_no').doNothing())
        .executeTakeFirst()
      return Number(r.numInsertedOrUpdatedRows ?? 0) === 1
    },
    async update(order) {
      await db
        .updateTable('wechatpay_sandbox_orders')
        .set({ record_json: JSON.stringify(order), updated_at: now().toISOString() })
        .where('out_trade_no', '=', order.outTradeNo)
        .execute()
    },
    async replace(prev, next) {
      // the stored text is JSON.stringify of a record read back by JSON.parse: stringify of it is identical
      const r = await db
        .updateTable('wechatpay_sandbox_orders')
        .set({ record_json: JSON.stringify(next), updated_at: now().toISOString() })
        .where('out_trade_no', '=', prev.outTradeNo)
        .where('record_json', '=', JSON.stringify(prev))
        .executeTakeFirst()
      return Number(r.numUpdatedRows ?? 0) === 1
    }
  }
}

export async function createSandboxGateway(config: AppConfig, db: Db): Promise<PaymentGateway> {
  const keys = await loadOrCreateSandboxKeys(db, config.now())
  const appid = config.wx.appId ?? SANDBOX_APPID
  const sandbox = new SandboxWechatPay({
    mchid: SANDBOX_MCHID,
    appid,
    keys,
    store: dbSandboxOrderStore(db, config.now),
    now: config.now,
    // A couple of quick retries: the sandbox runs inside the server, long waits help no one.
    retryDelaysMs: [500, 2_000]
  })
  return {
    mode: 'sandbox',
    client: sandbox,
    mchid: SANDBOX_MCHID,
    appid,
    apiV3Key: keys.apiV3Key,
    merchantPrivateKeyPem: keys.merchant.privateKeyPem,
    platformPublicKeys: sandbox.platformPublicKeys(),
    sandbox
  }
}

export interface RealSettings {
  mchid: string
  serialNo: string
  privateKeyPath: string
  apiV3Key: string
  platformCertPaths: string[]
  platformPublicKeyPath?: string
  platformPublicKeyId?: string
}

/** Real merchant settings from the environment, or null when not configured (sandbox). */
export function realSettingsFromEnv(env: NodeJS.ProcessEnv): RealSettings | null {
  if (!env.WXPAY_MCHID) return null
  const certPaths = (env.WXPAY_PLATFORM_CERT_PATHS || env.WXPAY_PLATFORM_CERT_PATH || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const missing = ['WXPAY_SERIAL_NO', 'WXPAY_PRIVATE_KEY_PATH', 'WXPAY_APIV3_KEY'].filter((k) => !env[k])
  if (certPaths.length === 0 && !(env.WXPAY_PLATFORM_PUBLIC_KEY_PATH && env.WXPAY_PLATFORM_PUBLIC_KEY_ID)) {
    missing.push('WXPAY_PLATFORM_CERT_PATH(S) or WXPAY_PLATFORM_PUBLIC_KEY_PATH + WXPAY_PLATFORM_PUBLIC_KEY_ID')
  }
  // Half-configured merchant settings must not silently fall back to the sandbox.
  if (missing.length > 0) throw new Error(`WXPAY_MCHID is set but these are missing: ${missing.join(', ')}`)
  return {
    mchid: env.WXPAY_MCHID,
    serialNo: env.WXPAY_SERIAL_NO!,
    privateKeyPath: env.WXPAY_PRIVATE_KEY_PATH!,
    apiV3Key: env.WXPAY_APIV3_KEY!,
    platformCertPaths: certPaths,
    platformPublicKeyPath: env.WXPAY_PLATFORM_PUBLIC_KEY_PATH || undefined,
    platformPublicKeyId: env.WXPAY_PLATFORM_PUBLIC_KEY_ID || undefined
  }
}

export function createRealGateway(config: AppConfig, s: RealSettings): PaymentGateway {
  if (!config.wx.appId) throw new Error('WX_APPID is required for WeChat Pay')
  if (Buffer.byteLength(s.apiV3Key, 'utf8') !== 32) throw new Error('WXPAY_APIV3_KEY must be 32 bytes')
  const privateKeyPem = fs.readFileSync(s.privateKeyPath, 'utf8')
  const platformPublicKeys = new Map<string, KeyLike>()
  for (const p of s.platformCertPaths) {
    const cert = new X509Certificate(fs.readFileSync(p))
    platformPublicKeys.set(cert.serialNumber.toUpperCase(), cert.publicKey)
  }
  if (s.platformPublicKeyPath && s.platformPublicKeyId) {
    platformPublicKeys.set(s.platformPublicKeyId, fs.readFileSync(s.platformPublicKeyPath, 'utf8'))
  }
  const client = new RealWechatPayClient({
    mchid: s.mchid,
    appid: config.wx.appId,
    serialNo: s.serialNo,
    privateKeyPem,
    platformPublicKeys,
    now: config.now
  })
  return {
    mode: 'real',
    client,
    mchid: s.mchid,
    appid: config.wx.appId,
    apiV3Key: s.apiV3Key,
    merchantPrivateKeyPem: privateKeyPem,
    platformPublicKeys,
    sandbox: null
  }
}

/** Chooses the gateway once; real settings win over the sandbox. */
export async function createGateway(config: AppConfig, db: Db, env: NodeJS.ProcessEnv = process.env): Promise<PaymentGateway> {
  const real = realSettingsFromEnv(env)
  if (real) return createRealGateway(config, real)
  // start-up refuses this case already (startup.ts); this keeps a late change of env from paying into the sandbox
  if (!config.sandboxAllowed) throw new Error('WeChat Pay settings (WXPAY_*) are required in production (or set ANJIA_SANDBOX=1)')
  return createSandboxGateway(config, db)
}
