import { checkPickedFile, type PickResult } from './files'

export type PickSource = 'camera' | 'album' | 'chat'

/** A native file input (images and PDF); resolves null when the user cancels. */
export function pickFile(source: PickSource): Promise<PickResult> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/jpeg,image/png,application/pdf,.pdf,.jpg,.jpeg,.png'
    if (source === 'camera') input.setAttribute('capture', 'environment')
    input.style.display = 'none'
    const done = (r: PickResult) => {
      input.remove()
      resolve(r)
    }
    input.addEventListener('change', () => {
      const f = input.files?.[0]
      if (!f) return done(null)
      const picked = { name: f.name, size: f.size, file: f }
      const problem = checkPickedFile(picked)
      done(problem ? { ok: false, message: problem } : { ok: true, file: picked })
    })
    input.addEventListener('cancel', () => done(null))
    document.body.appendChild(input)
    input.click()
  })
}

export const PICK_SOURCES: { source: PickSource; label: string }[] = [
  { source: 'album', label: '选择照片或 PDF 文件' },
  { source: 'camera', label: '拍照' }
]
