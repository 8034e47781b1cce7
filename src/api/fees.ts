import type { Bill } from '../../types'
import { request } from './client'

export function fetchBill() {
  return request<Bill>('/api/owner/bill', { auth: 'owner' })
}

/** 96187000 → "961,870.00" */
export function yuan(cents: number): string {
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${cents < 0 ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`
}

export const METHOD_LABELS: Record<string, string> = {
  wechat: '微信支付',
  cash: '现金',
  card: '银行卡',
  bank_transfer: '银行转账',
  alipay: '支付宝'
}

/** ISO instant → "2026-03-02 10:00" in Beijing time. */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}
