import type { Stage } from '../types'

/** Page paths, one place for every navigation target. */
export const PAGES = {
  entry: '/pages/entry/index',
  home: '/pages/home/index',
  delegate: '/owner/delegate/index',
  staffLogin: '/staff/login/index',
  staffHome: '/staff/index/index'
} as const

/**
 * Stage -> owner page. The single table later issues extend when they add a stage page
 * (documents, reserve, agreements, fees, checkin, inspection, keys, done, followup).
 * A stage without an entry has no button on the home page.
 */
export const STAGE_PAGES: Partial<Record<Stage, string>> = {
  // verify stays open for a delegate until the power of attorney is approved
  verify: PAGES.delegate
}

export function stagePage(stage: Stage): string | undefined {
  return STAGE_PAGES[stage]
}
