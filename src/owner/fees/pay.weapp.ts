import Taro from '@tarojs/taro'
import { createPayment } from '../../api/payments'

export type PayStart = { ok: true; orderId: number; navigated: boolean } | { ok: false; message: string }

/**
 * Mini-program: JSAPI parameters signed by the server, then WeChat's own payment sheet.
 * Whatever requestPayment reports, only the server's order status says "paid".
 */
export async function startPayment(idempotencyKey: string): Promise<PayStart> {
  const res = await createPayment('weapp', idempotencyKey)
  if (!res.ok) return { ok: false, message: res.message }
  const { order, handoff } = res.data
  if (handoff.kind !== 'jsapi') return { ok: false, message: '暂时无法发起微信支付，请稍后再试' }
  try {
    await Taro.requestPayment({ ...handoff.params })
  } catch (err) {
    const msg = String((err as { errMsg?: string })?.errMsg ?? '')
    if (/cancel/i.test(msg)) return { ok: false, message: '已取消支付' }
    // A failed sheet may still have paid (network): the page polls the order anyway.
  }
  return { ok: true, orderId: order.id, navigated: false }
}
