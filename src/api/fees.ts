import type { Bill } from '../../types'
import { request } from './client'

export function fetchBill() {
  return request<Bill>('/api/owner/bill', { auth: 'owner' })
}

export const METHOD_LABELS: Record<string, string> = {
  wechat: '微信支付',
  cash: '现金',
  card: '银行卡',
  bank_transfer: '银行转账',
  alipay: '支付宝'
}
