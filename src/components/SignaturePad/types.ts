export interface SignaturePadProps {
  /**
   * Confirm mode: receives the signature as a PNG data URL (`data:image/png;base64,...`) when
   * the signer taps the confirm button; may be async (e.g. submits it). One pad, one action.
   */
  onConfirm?: (pngDataUrl: string) => void | Promise<unknown>
  /**
   * Drawing-is-signing mode (several pads and one final submit, as at key handover): no
   * confirm button; the current PNG after every stroke, null after 清除. Without it a pad
   * could read "signed" while its parent holds nothing.
   */
  onChange?: (pngDataUrl: string | null) => void
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
