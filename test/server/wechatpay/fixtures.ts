import { generateKeyPairSync } from 'node:crypto'
import type { Transaction } from '../../../server/src/modules/payments/wechatpay'

export const MCHID = '1900000109'
export const APPID = 'wx8888888888888888'
/** 2025-06-08 10:34:56 Beijing time; every test freezes the clock here. */
export const NOW = new Date('2025-06-08T02:34:56.000Z')
export const NOW_SEC = Math.floor(NOW.getTime() / 1000)

export function rsaPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })
  return { privateKeyPem: privateKey, publicKeyPem: publicKey }
}

export function paidTransaction(overrides: Partial<Transaction> = {}): Transaction {
  return {
    appid: APPID,
    mchid: MCHID,
    out_trade_no: 'AJ20250608000001',
    transaction_id: '4200001234202506081234567890',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: '',
    success_time: '2025-06-08T10:34:50+08:00',
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    amount: { total: 268800, payer_total: 268800, currency: 'CNY', payer_currency: 'CNY' },
    ...overrides
  }
}
