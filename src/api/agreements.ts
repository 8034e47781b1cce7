import Taro from '@tarojs/taro'
import type { AgreementDetail, AgreementList, SignAgreementRequest, SignedAgreement } from '../../types'
import { apiUrl, authHeader, networkFailure, request, toResult, type ApiResult } from './client'

export function fetchAgreements() {
  return request<AgreementList>('/api/owner/agreements', { auth: 'owner' })
}

export function fetchAgreement(id: number) {
  return request<AgreementDetail>(`/api/owner/agreements/${id}`, { auth: 'owner' })
}

export function signAgreement(id: number, body: SignAgreementRequest) {
  return request<SignedAgreement>(`/api/owner/agreements/${id}/sign`, { method: 'POST', body, auth: 'owner', timeout: 30000 })
}

export function fetchSignedAgreement(id: number) {
  return request<SignedAgreement>(`/api/owner/agreements/${id}/signed`, { auth: 'owner' })
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * Base64 of raw bytes. Not Taro.arrayBufferToBase64: on H5 it hands the ArrayBuffer to
 * base64-js, which reads `.length` (undefined on an ArrayBuffer) and returns ''.
 */
export function bytesToBase64(buf: ArrayBuffer | Uint8Array): string {
  const b = buf instanceof Uint8Array ? buf : new Uint8Array(buf)
  let out = ''
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63]
    out += i + 1 < b.length ? B64[(n >> 6) & 63] : '='
    out += i + 2 < b.length ? B64[n & 63] : '='
  }
  return out
}

/**
 * The signature image as a data URL: the file is served only with the owner's bearer token,
 * which an <Image src> cannot send.
 */
export async function fetchSignatureImage(path: string): Promise<ApiResult<string>> {
  try {
    const res = await Taro.request({
      url: apiUrl(path),
      method: 'GET',
      header: authHeader('owner'),
      responseType: 'arraybuffer',
      dataType: '其他',
      timeout: 15000
    })
    if (!res || typeof res.statusCode !== 'number') return networkFailure()
    if (res.statusCode !== 200) return toResult<string>(res.statusCode, null, 'owner')
    const b64 = bytesToBase64(res.data as ArrayBuffer)
    if (b64 === '') return { ok: false, status: 200, code: 'BAD_RESPONSE', message: '签名图片为空，请稍后重试' }
    return { ok: true, data: `data:image/png;base64,${b64}` }
  } catch {
    return networkFailure()
  }
}
