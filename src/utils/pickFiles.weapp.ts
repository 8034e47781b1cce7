import Taro from '@tarojs/taro'
import { PRIVACY_REFUSED, registerPrivacyAuthorization } from './privacy'
import { checkPickedFile, type PickedFile } from './files'

export type PickSource = 'camera' | 'album' | 'chat'
export type PickManyResult = { ok: true; files: PickedFile[] } | { ok: false; message: string } | null

export const MAX_PICK = 9

function failure(err: unknown): PickManyResult {
  const msg = String((err as { errMsg?: string })?.errMsg ?? err)
  if (/cancel/i.test(msg)) return null
  if (/privacy/i.test(msg)) return { ok: false, message: PRIVACY_REFUSED }
  return { ok: false, message: '无法读取所选文件，请重试' }
}

function check(files: PickedFile[]): PickManyResult {
  for (const f of files) {
    const problem = checkPickedFile(f)
    if (problem) return { ok: false, message: problem }
  }
  return files.length ? { ok: true, files } : null
}

/** Photos (chooseMedia: camera or album, several at once) or PDFs from a chat (chooseMessageFile). */
export async function pickFiles(source: PickSource): Promise<PickManyResult> {
  // our dialog answers WeChat's consent request (components/PrivacyDialog)
  registerPrivacyAuthorization()
  try {
    if (source === 'chat') {
      const res = await Taro.chooseMessageFile({ count: MAX_PICK, type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png'] })
      return check(res.tempFiles.map((f) => ({ name: f.name, size: f.size, path: f.path })))
    }
    const res = await Taro.chooseMedia({ count: source === 'camera' ? 1 : MAX_PICK, mediaType: ['image'], sourceType: [source], sizeType: ['compressed'] })
    return check(res.tempFiles.map((f) => ({ name: f.tempFilePath.split('/').pop() || 'photo.jpg', size: f.size, path: f.tempFilePath })))
  } catch (err) {
    return failure(err)
  }
}

export const PICK_SOURCES: { source: PickSource; label: string }[] = [
  { source: 'camera', label: '拍照' },
  { source: 'album', label: '从相册选择' },
  { source: 'chat', label: '从聊天选择 PDF' }
]
