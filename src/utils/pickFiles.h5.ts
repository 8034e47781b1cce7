import { checkPickedFile, type PickedFile } from './files'

export type PickSource = 'camera' | 'album' | 'chat'
export type PickManyResult = { ok: true; files: PickedFile[] } | { ok: false; message: string } | null

export const MAX_PICK = 9
const IMAGE_OR_PDF = /\.(jpe?g|png|webp|pdf)$/i

/** Several photos / PDFs through a native file input; null when the user cancels. */
export function pickFiles(source: PickSource): Promise<PickManyResult> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/*,application/pdf'
    input.multiple = source !== 'camera'
    if (source === 'camera') input.setAttribute('capture', 'environment')
    input.setAttribute('aria-label', '选择照片或 PDF 文件')
    input.style.display = 'none'
    const done = (r: PickManyResult) => {
      input.remove()
      resolve(r)
    }
    input.addEventListener('change', () => {
      const list = Array.from(input.files ?? []).slice(0, MAX_PICK)
      if (list.length === 0) return done(null)
      const files: PickedFile[] = []
      for (const f of list) {
        const picked = { name: IMAGE_OR_PDF.test(f.name) ? f.name : `${f.name || 'photo'}.jpg`, size: f.size, file: f as Blob }
        const problem = checkPickedFile(picked)
        if (problem) return done({ ok: false, message: `${f.name}：${problem}` })
        files.push(picked)
      }
      done({ ok: true, files })
    })
    input.addEventListener('cancel', () => done(null))
    document.body.appendChild(input)
    input.click()
  })
}

export const PICK_SOURCES: { source: PickSource; label: string }[] = [
  { source: 'album', label: '添加照片或 PDF' },
  { source: 'camera', label: '拍照' }
]
