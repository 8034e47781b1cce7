import Taro from '@tarojs/taro'
import { PRIVACY_REFUSED, registerPrivacyAuthorization } from './privacy'
import { checkPickedFile, type PickResult } from './files'

export type PickSource = 'camera' | 'album' | 'chat'

function failure(err: unknown): PickResult {
  const msg = String((err as { errMsg?: string })?.errMsg ?? err)
  if (/cancel/i.test(msg)) return null
  if (/privacy/i.test(msg)) return { ok: false, message: PRIVACY_REFUSED }
  return { ok: false, message: '无法读取所选文件，请重试' }
}

/** Photo (camera/album via chooseMedia) or a PDF/image sent in a chat (chooseMessageFile). */
export async function pickFile(source: PickSource): Promise<PickResult> {
  // our dialog answers WeChat's consent request (components/PrivacyDialog)
  registerPrivacyAuthorization()
  try {
    if (source === 'chat') {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png'] })
      const f = res.tempFiles[0]
      if (!f) return null
      const picked = { name: f.name, size: f.size, path: f.path }
      const problem = checkPickedFile(picked)
      return problem ? { ok: false, message: problem } : { ok: true, file: picked }
    }
    const res = await Taro.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: [source],
      sizeType: ['compressed']
    })
    const f = res.tempFiles[0]
    if (!f) return null
    const name = f.tempFilePath.split('/').pop() || 'photo.jpg'
    const picked = { name, size: f.size, path: f.tempFilePath }
    const problem = checkPickedFile(picked)
    return problem ? { ok: false, message: problem } : { ok: true, file: picked }
  } catch (err) {
    return failure(err)
  }
}

/** Sources offered on this platform, in display order. */
export const PICK_SOURCES: { source: PickSource; label: string }[] = [
  { source: 'camera', label: '拍照' },
  { source: 'album', label: '从相册选择' },
  { source: 'chat', label: '从聊天记录选择（PDF）' }
]
