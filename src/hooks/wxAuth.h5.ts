// H5 has no WeChat login: owners always verify with name + ID tail.

export async function getWxCode(): Promise<string | undefined> {
  return undefined
}

export async function tryWxAutoLogin(): Promise<boolean> {
  return false
}
