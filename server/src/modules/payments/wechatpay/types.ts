/** Shapes of WeChat Pay API v3 payloads (snake_case as on the wire). */

export const AEAD_AES_256_GCM = 'AEAD_AES_256_GCM'

/** The encrypted `resource` of a notification. */
export interface EncryptedResource {
  algorithm: string
  ciphertext: string
  nonce: string
  associated_data?: string
  /** 'transaction' for payment notifications. */
  original_type?: string
}

/** Body of a payment notification POSTed to our notify_url. */
export interface NotificationEnvelope {
  id: string
  create_time: string
  /** 'encrypt-resource' */
  resource_type: string
  /** 'TRANSACTION.SUCCESS' for a payment; WeChat sends no notification for failures. */
  event_type: string
  summary: string
  resource: EncryptedResource
}

export const TRADE_STATES = ['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR'] as const
export type TradeState = (typeof TRADE_STATES)[number]

/**
 * A transaction as decrypted from a notification or returned by the order query. Fields
 * marked optional are present only once the order is paid (transaction_id, success_time,
 * payer, amount.payer_total).
 */
export interface Transaction {
  appid: string
  mchid: string
  out_trade_no: string
  transaction_id?: string
  trade_type?: string
  trade_state: TradeState
  trade_state_desc?: string
  bank_type?: string
  attach?: string
  /** RFC 3339 with offset, e.g. 2025-06-08T10:34:56+08:00 */
  success_time?: string
  payer?: { openid: string }
  amount: {
    /** Order amount in fen (cents), what we asked for. */
    total: number
    /** What the payer actually paid, lower than total when a WeChat coupon was used. */
    payer_total?: number
    currency?: string
    payer_currency?: string
  }
}

/** Runtime shape check of a decrypted or queried transaction (it came over the wire). */
export function isTransaction(v: unknown): v is Transaction {
  if (typeof v !== 'object' || v === null) return false
  const t = v as Record<string, unknown>
  const amount = t.amount as Record<string, unknown> | undefined
  const payer = t.payer as Record<string, unknown> | undefined
  return (
    typeof t.appid === 'string' &&
    typeof t.mchid === 'string' &&
    typeof t.out_trade_no === 'string' &&
    typeof t.trade_state === 'string' &&
    (TRADE_STATES as readonly string[]).includes(t.trade_state) &&
    (t.transaction_id === undefined || typeof t.transaction_id === 'string') &&
    (t.success_time === undefined || typeof t.success_time === 'string') &&
    (payer === undefined || (typeof payer === 'object' && payer !== null && typeof payer.openid === 'string')) &&
    typeof amount === 'object' &&
    amount !== null &&
    Number.isSafeInteger(amount.total) &&
    (amount.payer_total === undefined || Number.isSafeInteger(amount.payer_total))
  )
}

/** Error body of the v3 API: `{ code, message }`. */
export interface WechatPayErrorBody {
  code: string
  message: string
}
