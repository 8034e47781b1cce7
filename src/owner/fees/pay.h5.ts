import Taro from '@tarojs/taro'
import { createPayment } from '../../api/payments'

export type PayStart = { ok: true; orderId: number; navigated: boolean } | { ok: false; message: string }

/** H5: the server creates the order; the owner confirms on the cashier page. */
export async function startPayment(idempotencyKey: string): Promise<PayStart> {
  const res = await createPayment('h5', idempotencyKey)
  if (!res.ok) return { ok: false, message: res.message }
  const { order, handoff } = res.data
  if (handoff.kind !== 'cashier') return { ok: false, message: '请在微信小程序中完成支付' }
  await Taro.navigateTo({ url: handoff.path })
  return { ok: true, orderId: order.id, navigated: true }
}
