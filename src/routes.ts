import type { Stage } from '../types'

/** Page paths, one place for every navigation target. */
export const PAGES = {
  entry: '/pages/entry/index',
  home: '/pages/home/index',
  delegate: '/owner/delegate/index',
  staffLogin: '/staff/login/index',
  documents: '/owner/documents/index',
  consent: '/owner/consent/index',
  messages: '/owner/messages/index',
  staffReview: '/staff/review/index',
  staffHome: '/staff/index/index',
  reserve: '/owner/reserve/index',
  survey: '/owner/survey/index',
  faq: '/owner/faq/index',
  staffSurvey: '/staff/survey/index',
  agreements: '/owner/agreements/index',
  agreementRead: '/owner/agreements/read/index',
  agreementSigned: '/owner/agreements/signed/index',
  inspection: '/owner/inspection/index',
  staffInspect: '/staff/inspect/index',
  staffRepairs: '/staff/repairs/index',
  checkin: '/owner/checkin/index',
  keys: '/owner/keys/index',
  handbook: '/owner/handbook/index',
  staffBoard: '/staff/board/index',
  staffKeys: '/staff/keys/index',
  staffTasks: '/staff/tasks/index',
  fees: '/owner/fees/index',
  cashier: '/owner/cashier/index',
  receipt: '/owner/receipt/index',
  staffCashier: '/staff/cashier/index',
  staffPassword: '/staff/password/index',
  managerAccounts: '/manager/accounts/index'
} as const

/**
 * Stage -> owner page. The single table later issues extend when they add a stage page
 * (documents, reserve, agreements, fees, checkin, inspection, keys, done, followup).
 * A stage without an entry has no button on the home page.
 */
export const STAGE_PAGES: Partial<Record<Stage, string>> = {
  // verify stays open for a delegate until the power of attorney is approved
  verify: PAGES.delegate,
  documents: PAGES.documents,
  reserve: PAGES.reserve,
  agreements: PAGES.agreements,
  fees: PAGES.fees,
  checkin: PAGES.checkin,
  inspection: PAGES.inspection,
  keys: PAGES.keys,
  done: PAGES.handbook,
  // after the keys the owner's next act is the satisfaction survey (the visit is staff's)
  followup: PAGES.survey
}

export function stagePage(stage: Stage): string | undefined {
  return STAGE_PAGES[stage]
}
