/** H5 has no WeChat privacy authorisation: the browser asks for camera/file access itself. */
export function registerPrivacyAuthorization(): void {}

export function privacyDialogOpen(): boolean {
  return false
}

export function subscribePrivacyDialog(_listener: (open: boolean) => void): () => void {
  return () => undefined
}

export function agreePrivacy(_buttonId: string): void {}

export function refusePrivacy(): void {}

export function openPrivacyContract(): void {}

export const PRIVACY_REFUSED = '您未同意《隐私保护指引》，无法拍照或选择文件。如需上传，请重新点击并选择“同意”。'
