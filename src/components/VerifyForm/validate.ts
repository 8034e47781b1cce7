import type { VerifyRequest } from '../../../types'

export interface VerifyFormValues {
  ownerName: string
  ownerIdTail: string
  isDelegate: boolean
  delegateName: string
  delegateIdNumber: string
}

export type VerifyFormErrors = Partial<Record<'ownerName' | 'ownerIdTail' | 'delegateName' | 'delegateIdNumber', string>>

export const EMPTY_VERIFY_FORM: VerifyFormValues = {
  ownerName: '',
  ownerIdTail: '',
  isDelegate: false,
  delegateName: '',
  delegateIdNumber: ''
}

// same rules as types/entry.ts (IdTail, IdNumber, PersonName)
const ID_TAIL_RE = /^[0-9]{5}[0-9X]$/
const ID_NUMBER_RE = /^[0-9]{17}[0-9X]$/
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** GB 11643 check digit: catches most typing mistakes before the server sees them. */
export function idNumberChecksumOk(id: string): boolean {
  if (!ID_NUMBER_RE.test(id)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]
  return ID_CHECK[sum % 11] === id[17]
}

function normaliseName(s: string): string {
  return s.trim().replace(/\s+/g, ' ')
}

function normaliseId(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase()
}

/** Field errors in Chinese; an empty object means the form can be sent. */
export function validateVerifyForm(v: VerifyFormValues): VerifyFormErrors {
  const errors: VerifyFormErrors = {}
  const ownerName = normaliseName(v.ownerName)
  if (ownerName === '') errors.ownerName = '请填写业主姓名'
  else if (ownerName.length > 40) errors.ownerName = '姓名不能超过 40 个字'
  const tail = normaliseId(v.ownerIdTail)
  if (tail === '') errors.ownerIdTail = '请填写业主身份证号后 6 位'
  else if (!ID_TAIL_RE.test(tail)) errors.ownerIdTail = '请填写 6 位：前 5 位为数字，最后一位为数字或 X'
  if (v.isDelegate) {
    const name = normaliseName(v.delegateName)
    if (name === '') errors.delegateName = '请填写受托人姓名'
    else if (name.length > 40) errors.delegateName = '姓名不能超过 40 个字'
    const id = normaliseId(v.delegateIdNumber)
    if (id === '') errors.delegateIdNumber = '请填写受托人身份证号'
    else if (!ID_NUMBER_RE.test(id)) errors.delegateIdNumber = '身份证号应为 18 位，最后一位可以是 X'
    else if (!idNumberChecksumOk(id)) errors.delegateIdNumber = '身份证号校验未通过，请核对后重新填写'
  }
  return errors
}

/** The request body for POST /api/owner/verify (call only when validation passed). */
export function toVerifyRequest(token: string, v: VerifyFormValues, wxCode?: string): VerifyRequest {
  const body: VerifyRequest = {
    token,
    ownerName: normaliseName(v.ownerName),
    ownerIdTail: normaliseId(v.ownerIdTail)
  }
  if (v.isDelegate) {
    body.delegate = { name: normaliseName(v.delegateName), idNumber: normaliseId(v.delegateIdNumber) }
  }
  if (wxCode) body.wxCode = wxCode
  return body
}
