/** H5 has no WeChat subscription messages: the in-app message centre is the channel. */
export async function prepareSubscriptions(): Promise<void> {}

export async function askSubscriptions(): Promise<number> {
  return 0
}

export const SUBSCRIPTIONS_SUPPORTED = false
