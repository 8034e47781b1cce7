import type { Stage } from '../types'
import { STAGE_PAGES } from '../types/stages'

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
  staffHall: '/staff/hall/index',
  staffKeys: '/staff/keys/index',
  staffTasks: '/staff/tasks/index',
  fees: '/owner/fees/index',
  cashier: '/owner/cashier/index',
  receipt: '/owner/receipt/index',
  staffCashier: '/staff/cashier/index',
  staffPassword: '/staff/password/index',
  managerAccounts: '/manager/accounts/index'
} as const

/** The owner page of a stage (types/stages.ts holds the one table, the server links to it too). */
export function stagePage(stage: Stage): string | undefined {
  return STAGE_PAGES[stage]
}
