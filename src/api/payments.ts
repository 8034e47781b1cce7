import type {
  CounterPaymentRequest,
  CounterPaymentResponse,
  CreatePaymentResponse,
  PaymentOrder,
  PayPlatform,
  Receipt,
  StaffBillList
} from '../../types'
import { request } from './client'

export function createPayment(platform: PayPlatform, idempotencyKey: string) {
  return request<CreatePaymentResponse>('/api/owner/payments', { method: 'POST', body: { idempotencyKey, platform }, auth: 'owner' })
}

/** 继续支付: the same pending order handed off again (never a second order). */
export function resumePayment(id: number, platform: PayPlatform) {
  return request<CreatePaymentResponse>(`/api/owner/payments/${id}/resume`, { method: 'POST', body: { platform }, auth: 'owner' })
}

/** 取消本次支付: the server closes the order at WeChat and answers with what WeChat confirmed (it may be paid). */
export function cancelPayment(id: number) {
  return request<PaymentOrder>(`/api/owner/payments/${id}/cancel`, { method: 'POST', auth: 'owner' })
}

export function fetchPayment(id: number) {
  return request<PaymentOrder>(`/api/owner/payments/${id}`, { auth: 'owner' })
}

/** Sandbox only: asks the local WeChat Pay sandbox to pay; the server still waits for its notification. */
export function sandboxPay(id: number, result: 'SUCCESS' | 'PAYERROR' = 'SUCCESS') {
  return request<PaymentOrder>(`/api/owner/payments/${id}/sandbox-pay`, { method: 'POST', body: { result }, auth: 'owner', timeout: 20000 })
}

export function fetchReceipt(id: number) {
  return request<Receipt>(`/api/owner/receipts/${id}`, { auth: 'owner' })
}

export function lookupBills(q: string) {
  return request<StaffBillList>('/api/staff/bills', { query: { q }, auth: 'staff' })
}

export function recordCounterPayment(body: CounterPaymentRequest) {
  return request<CounterPaymentResponse>('/api/staff/payments', { method: 'POST', body, auth: 'staff' })
}

export function fetchStaffReceipt(id: number) {
  return request<Receipt>(`/api/staff/receipts/${id}`, { auth: 'staff' })
}
