/**
 * WeChat privacy authorisation (since 2023-09, with __usePrivacyCheck__): the first
 * chooseMedia / chooseMessageFile of a user who has not agreed yet raises
 * onNeedPrivacyAuthorization; we answer it with our own dialog (components/PrivacyDialog,
 * rendered by every page) instead of letting the call fail silently.
 */
type PrivacyResolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void

interface WxPrivacy {
  onNeedPrivacyAuthorization?: (listener: (resolve: PrivacyResolve, info: { referrer?: string }) => void) => void
  openPrivacyContract?: (opts: { fail?: () => void }) => void
}

declare const wx: WxPrivacy | undefined

let registered = false
let pending: PrivacyResolve | null = null
const listeners = new Set<(open: boolean) => void>()

function notify(): void {
  for (const l of Array.from(listeners)) l(pending !== null)
}

function wxApi(): WxPrivacy | undefined {
  return typeof wx === 'undefined' ? undefined : wx
}

/** Registers the listener once (app start, and again lazily before a picker in case it was too early). */
export function registerPrivacyAuthorization(): void {
  if (registered) return
  const api = wxApi()
  if (!api?.onNeedPrivacyAuthorization) return
  registered = true
  api.onNeedPrivacyAuthorization((resolve) => {
    // a second request while the dialog is open: the earlier one is refused, the dialog stays
    if (pending && pending !== resolve) pending({ event: 'disagree' })
    pending = resolve
    notify()
  })
}

export function privacyDialogOpen(): boolean {
  return pending !== null
}

export function subscribePrivacyDialog(listener: (open: boolean) => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Called from the agree button's bindagreeprivacyauthorization (open-type="agreePrivacyAuthorization"). */
export function agreePrivacy(buttonId: string): void {
  const resolve = pending
  pending = null
  resolve?.({ event: 'agree', buttonId })
  notify()
}

/** The picker that asked then fails with a privacy errMsg: pickFile shows PRIVACY_REFUSED. */
export function refusePrivacy(): void {
  const resolve = pending
  pending = null
  resolve?.({ event: 'disagree' })
  notify()
}

export function openPrivacyContract(): void {
  wxApi()?.openPrivacyContract?.({})
}

export const PRIVACY_REFUSED = '您未同意《隐私保护指引》，无法拍照或选择文件。如需上传，请重新点击并选择“同意”。'
