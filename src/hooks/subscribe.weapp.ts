import Taro from '@tarojs/taro'
import { fetchSubscriptionTemplates, recordSubscriptions } from '../api/notifications'

let cached: string[] = []

/** Loads the template ids ahead of time: the dialog must open synchronously inside a tap. */
export async function prepareSubscriptions(): Promise<void> {
  const t = await fetchSubscriptionTemplates()
  cached = t.ok ? t.data.templates.slice(0, 3).map((x) => x.templateId) : []
}

/**
 * Asks for WeChat subscription messages (at most 3 templates at once). Call it first thing in
 * a tap handler (WeChat refuses the dialog otherwise). Resolves how many were accepted.
 */
export async function askSubscriptions(): Promise<number> {
  const ids = cached
  if (ids.length === 0) return 0
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: ids } as never)) as unknown as Record<string, string>
    const accepted = ids.filter((id) => res[id] === 'accept')
    if (accepted.length > 0) await recordSubscriptions(accepted)
    return accepted.length
  } catch {
    return 0
  }
}

export const SUBSCRIPTIONS_SUPPORTED = true
