import Taro from '@tarojs/taro'
import { createPayment, resumePayment } from '../../api/payments'
import type { CreatePaymentResponse } from '../../../types'

export type PayStart = { ok: true; orderId: number; navigated: boolean } | { ok: false; message: string }

/**
 * Mini-program: JSAPI parameters signed by the server, then WeChat's own payment sheet.
 * Whatever requestPayment reports, only the server's order status says "paid".
 */
export async function startPayment(idempotencyKey: string): Promise<PayStart> {
  const res = await createPayment('weapp', idempotencyKey)
  if (!res.ok) return { ok: false, message: res.message }
  return paySheet(res.data)
}

/** 继续支付 in the mini-program: WeChat's sheet again for the same order. */
export async function resumePaymentFlow(orderId: number): Promise<PayStart> {
  const res = await resumePayment(orderId, 'weapp')
  if (!res.ok) return { ok: false, message: res.message }
  return paySheet(res.data)
}

async function paySheet({ order, handoff }: CreatePaymentResponse): Promise<PayStart> {
  if (handoff.kind !== 'jsapi') return { ok: false, message: '暂时无法发起微信支付，请稍后再试' }
  try {
    await Taro.requestPayment({ ...handoff.params })
  } catch (err) {
    const msg = String((err as { errMsg?: string })?.errMsg ?? '')
    // The order stays pending: 继续支付 or 取消本次支付 on the fees page.
    if (/cancel/i.test(msg)) return { ok: true, orderId: order.id, navigated: false }
    // A failed sheet may still have paid (network): the page polls the order anyway.
  }
  return { ok: true, orderId: order.id, navigated: false }
}
