import Taro from '@tarojs/taro'
import { createPayment, resumePayment } from '../../api/payments'

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

/** 继续支付 on H5: back to the sandbox cashier of the same order. */
export async function resumePaymentFlow(orderId: number): Promise<PayStart> {
  const res = await resumePayment(orderId, 'h5')
  if (!res.ok) return { ok: false, message: res.message }
  if (res.data.handoff.kind !== 'cashier') return { ok: false, message: '请在微信小程序中完成支付' }
  await Taro.navigateTo({ url: res.data.handoff.path })
  return { ok: true, orderId, navigated: true }
}
