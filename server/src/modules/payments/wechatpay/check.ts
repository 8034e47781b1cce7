import type { Transaction } from './types'

export type TransactionMismatch = 'merchant_mismatch' | 'order_mismatch' | 'amount_mismatch'
export type TransactionCheck = { ok: true } | { ok: false; reason: TransactionMismatch }

/**
 * Compares a verified transaction with our own order before anything is marked paid.
 * Only `amount.total` (what we asked for) is compared: `payer_total` is lower when the
 * payer used a WeChat coupon, and that is still a full payment of our order.
 * The trade state is not judged here: the caller decides what SUCCESS / PAYERROR mean.
 */
export function checkTransactionAgainstOrder(
  tx: Transaction,
  order: { outTradeNo: string; amountCents: number; mchid: string; appid: string }
): TransactionCheck {
  if (tx.mchid !== order.mchid || tx.appid !== order.appid) return { ok: false, reason: 'merchant_mismatch' }
  if (tx.out_trade_no !== order.outTradeNo) return { ok: false, reason: 'order_mismatch' }
  if (
    !Number.isSafeInteger(tx.amount?.total) ||
    tx.amount.total !== order.amountCents ||
    (tx.amount.currency !== undefined && tx.amount.currency !== 'CNY')
  ) {
    return { ok: false, reason: 'amount_mismatch' }
  }
  return { ok: true }
}
