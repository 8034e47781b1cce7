export interface SignaturePadProps {
  /** receives the signature as a PNG data URL (`data:image/png;base64,...`); may be async */
  onConfirm: (pngDataUrl: string) => void | Promise<unknown>
  /** accessible name of the drawing area; default 签名区域 */
  label?: string
  /** faint text inside the empty pad, e.g. 请业主本人签名 */
  placeholder?: string
  confirmText?: string
  /** CSS px; default 200 */
  height?: number
  /** e.g. while the caller is submitting elsewhere */
  disabled?: boolean
  /** shown when the image cannot be produced (rare: very old WeChat base library) */
  onError?: (message: string) => void
}
