/* The signed agreement as a PDF the owner keeps: the version actually signed, its SHA-256 and the signature. */
import type { Executor } from '../../db/database'
import { renderRecordPdf } from '../../lib/pdf'
import { shanghaiDateTime } from '../../lib/time'
import type { OwnerAuth } from '../../plugins/auth'
import type { Storage } from '../uploads/storage'
import { ownSignatureImage, signedCopy } from './service'

export async function signedAgreementPdf(db: Executor, storage: Storage, auth: OwnerAuth, id: number): Promise<{ pdf: Buffer; fileName: string }> {
  const copy = await signedCopy(db, auth, id)
  const sig = await ownSignatureImage(db, auth, id)
  const image = sig ? await storage.get(sig.storageKey) : null
  const pdf = await renderRecordPdf({
    title: copy.title,
    subtitle: `${copy.communityName}　第 ${copy.version} 版`,
    rows: [
      ['房屋', copy.houseLabel],
      ['签署人', copy.signer],
      ['签署时间', shanghaiDateTime(copy.signedAt)],
      ['文本摘要', `SHA-256 ${copy.sha256}`]
    ],
    body: copy.body,
    signatures: [{ caption: `${copy.signer} 签名`, image }],
    footer: '本文件由安家入伙系统按签署时的协议文本生成；文本摘要可用于核对签署后文本未被改动。'
  })
  return { pdf, fileName: `${copy.title}-${copy.houseLabel}.pdf` }
}
