/*
 * Row types of every table (Kysely `Database`). Timestamps are ISO 8601 UTC strings,
 * booleans 0/1 integers, money integer cents — identical in SQLite and PostgreSQL.
 */
import type { Generated } from 'kysely'

type Id = Generated<number>
type Bool = number
type Ts = string

export interface CommunityTable {
  id: Id
  name: string
  address: Generated<string>
  service_phone: Generated<string>
  company: Generated<string>
  policy_fees_required_for_keys: Generated<Bool>
  policy_agreements_required_for_keys: Generated<Bool>
  reservation_cutoff_hours: Generated<number>
  prepaid_months: Generated<number>
  upload_retention_days: Generated<number>
  /** JSON text */
  handbook: Generated<string>
  /** JSON text: { [surveyItemCode]: weight } */
  survey_weights: Generated<string>
  created_at: Ts
  /** migration 20261201000700_going_live */
  service_hours: Generated<string>
  service_place: Generated<string>
  /** service windows of the hall (migration 20261202000910) */
  reception_windows: Generated<number>
}
export interface BuildingTable { id: Id; community_id: number; name: string; sort: Generated<number> }
export interface HouseTable {
  id: Id
  community_id: number
  building_id: number
  unit: string
  floor: Generated<number>
  room: string
  area: number
  batch: string
  invite_token: string
  open_for_move_in: Generated<Bool>
  created_at: Ts
  token_issued_at: Ts | null
}
export interface RegisteredOwnerTable {
  id: Id
  house_id: number
  name: string
  id_cipher: string
  id_hmac: string
  id_tail_hmac: string
  phone_cipher: string | null
  created_at: Ts
  note: Generated<string>
  phone_hmac: string | null
}
export interface MoveInCaseTable {
  id: Id
  house_id: number
  owner_id: number | null
  verified_at: Ts | null
  verified_role: string | null
  done_at: Ts | null
  created_at: Ts
  updated_at: Ts
}
export interface CaseStageTable { id: Id; case_id: number; stage: string; status: string; updated_at: Ts }
export interface CaseEventTable {
  id: Id
  case_id: number
  stage: string
  from_status: string
  to_status: string
  actor_type: string
  actor_id: number | null
  actor_label: Generated<string>
  note: string | null
  at: Ts
}
export interface DelegateTable {
  id: Id
  case_id: number
  name: string
  id_cipher: string
  id_hmac: string
  status: Generated<string>
  reason: string | null
  reviewed_by: number | null
  reviewed_at: Ts | null
  created_at: Ts
}
export interface OwnerSessionTable {
  id: Id
  token_hash: string
  case_id: number
  house_id: number
  owner_id: number | null
  role: string
  delegate_id: number | null
  expires_at: Ts
  created_at: Ts
}
export interface StaffSessionTable { id: Id; token_hash: string; staff_user_id: number; expires_at: Ts; created_at: Ts }
export interface WechatLinkTable {
  id: Id
  openid: string
  house_id: number
  case_id: number
  owner_id: number | null
  role: string
  delegate_id: number | null
  created_at: Ts
}
export interface VerifyAttemptTable { id: Id; house_id: number | null; client_key: string; success: Bool; at: Ts }
export interface ChecklistItemTable {
  id: Id
  community_id: number
  code: string
  title: string
  description: Generated<string>
  /** required | optional | conditional */
  requirement: string
  /** for conditional items, e.g. 'delegate' */
  condition: string | null
  sort: Generated<number>
}
export interface UploadTable {
  id: Id
  case_id: number
  item_code: string | null
  purpose: string
  storage_key: string
  mime: string
  size: number
  sha256: string
  page: Generated<number>
  uploaded_by: Generated<string>
  created_at: Ts
  deleted_at: Ts | null
}
export interface DocumentSubmissionTable {
  id: Id
  case_id: number
  item_code: string
  /** missing | submitted | approved | rejected */
  status: Generated<string>
  reason: string | null
  submitted_at: Ts | null
  reviewed_by: number | null
  reviewed_at: Ts | null
  updated_at: Ts
}
export interface ConsentTable { id: Id; case_id: number; kind: string; at: Ts }
export interface SlotTable {
  id: Id
  community_id: number
  batch: string
  date: string
  start_time: string
  end_time: string
  capacity: number
  booked: Generated<number>
}
export interface ReservationTable {
  id: Id
  case_id: number
  house_id: number
  slot_id: number
  status: string
  idempotency_key: string | null
  created_at: Ts
  cancelled_at: Ts | null
}
export interface AgreementTable {
  id: Id
  community_id: number
  kind: string
  version: number
  title: string
  body: string
  active: Generated<Bool>
  created_at: Ts
}
export interface SignatureTable {
  id: Id
  case_id: number
  agreement_id: number
  signer: string
  image_key: string
  sha256: string
  signed_at: Ts
}
export interface FeeRateTable {
  id: Id
  community_id: number
  kind: string
  label: string
  /** per_m2_month | per_m2 | flat */
  basis: string
  rate_cents: number
  sort: Generated<number>
}
export interface BillTable { id: Id; case_id: number; status: string; total_cents: number; created_at: Ts; updated_at: Ts }
export interface FeeLineTable {
  id: Id
  bill_id: number
  kind: string
  label: string
  quantity: number
  unit_cents: number
  amount_cents: number
}
export interface PaymentOrderTable {
  id: Id
  bill_id: number
  out_trade_no: string
  channel: string
  method: string
  amount_cents: number
  status: string
  transaction_id: string | null
  prepay_id: string | null
  paid_at: Ts | null
  created_by: string
  created_at: Ts
  updated_at: Ts
  /** migration 20261127000503_fees */
  idempotency_key: string | null
  payer_openid: string | null
  reference: string | null
  staff_user_id: number | null
  failure_reason: string | null
  queried_at: Ts | null
  /** migration 20261202000700_payment_close: WeChat confirmed the order closed */
  closed_at: Ts | null
}
export interface PaymentNotificationTable { id: Id; notification_id: string; order_id: number | null; received_at: Ts }
export interface ReceiptTable {
  id: Id
  payment_order_id: number
  number: string
  issued_at: Ts
  /** migration 20261127000503_fees: what the receipt certifies, frozen at issue */
  amount_cents: Generated<number>
  method: Generated<string>
  /** JSON [{ label, amountCents }] */
  lines: Generated<string>
  issued_by: Generated<string>
}
export interface CheckinTable {
  id: Id
  case_id: number
  date: string
  queue_no: number
  arrived_at: Ts
  called_at: Ts | null
  finished_at: Ts | null
  /** staff who called the number (migration 20261127000402) */
  called_by: number | null
  /** the window the number was called to (migration 20261202000910) */
  window_no: number | null
  /** the reception phone's key of the request that created it (migration 20261202001100) */
  idempotency_key: string | null
}
/** Per-community, per-day queue number counter (migration 20261127000402) */
export interface QueueCounterTable { community_id: number; date: string; last_no: number }
/** The digits an owner reads aloud at reception, per case and day (migration 20261202000900) */
export interface CheckinShortCodeTable { id: Id; community_id: number; date: string; code: string; case_id: number; created_at: Ts }
export interface InspectionTemplateTable { id: Id; community_id: number; room: string; item: string; sort: Generated<number> }
export interface InspectionTable {
  id: Id
  case_id: number
  round: number
  inspector_id: number | null
  status: string
  result: string | null
  started_at: Ts
  completed_at: Ts | null
  owner_signature_key: string | null
  owner_signed_at: Ts | null
}
export interface InspectionResultTable {
  id: Id
  inspection_id: number
  room: string
  item: string
  result: string
  note: string | null
  idempotency_key: string | null
  created_at: Ts
}
export interface DefectTable {
  id: Id
  inspection_id: number
  case_id: number
  room: string
  location: Generated<string>
  category: string
  severity: string
  description: Generated<string>
  status: Generated<string>
  idempotency_key: string | null
  due_date: string | null
  created_at: Ts
  updated_at: Ts
  confirmed_at: Ts | null
}
export interface DefectPhotoTable { id: Id; defect_id: number; upload_id: number; kind: string }
export interface RepairOrderTable {
  id: Id
  defect_id: number
  due_date: string | null
  status: string
  fixed_at: Ts | null
  fixed_by: number | null
  created_at: Ts
  note: string | null
  contractor_id: number | null
  assigned_at: Ts | null
  verified_at: Ts | null
  verified_by: number | null
  reopened_count: Generated<number>
  reject_reason: string | null
}
export interface ContractorTable {
  id: Id
  community_id: number
  /** JSON array of defect categories */
  trades: Generated<string>
  name: string
  contact_name: Generated<string>
  contact_phone: Generated<string>
  active: Generated<number>
  created_at: Ts
  updated_at: Ts
}
export interface MeterReadingTable {
  id: Id
  case_id: number
  kind: string
  value: number
  photo_upload_id: number | null
  idempotency_key: string | null
  recorded_by: number | null
  created_at: Ts
}
export interface KeyTypeTable { id: Id; community_id: number; code: string; label: string; default_count: number; sort: Generated<number> }
export interface KeyHandoverTable {
  id: Id
  case_id: number
  keys: string
  meters: string
  owner_signature_key: string
  staff_signature_key: string
  staff_user_id: number | null
  handed_at: Ts
}
export interface SurveyItemTable { id: Id; community_id: number; code: string; title: string; weight: number; sort: Generated<number> }
export interface SurveyResponseTable { id: Id; case_id: number; scores: string; comments: string; csi: number; submitted_at: Ts }
export interface FollowupTaskTable {
  id: Id
  case_id: number
  kind: string
  reason: Generated<string>
  due_at: Ts
  assignee_role: string
  status: Generated<string>
  created_at: Ts
  closed_at: Ts | null
  /** closing note and staff (migration 20261127000402) */
  note: string | null
  closed_by: number | null
}
export interface FaqCategoryTable { id: Id; community_id: number; code: string; title: string; sort: Generated<number> }
export interface FaqTable { id: Id; community_id: number; category_id: number; question: string; answer: string; sort: Generated<number> }
export interface NotificationTable {
  id: Id
  case_id: number
  kind: string
  title: string
  body: string
  read_at: Ts | null
  created_at: Ts
  /** in-app page the notification opens (migration 20261127000301) */
  link: string | null
}
export interface WxSubscriptionTable { id: Id; case_id: number; template_id: string; credits: Generated<number>; updated_at: Ts }
export interface WxMessageTable {
  id: Id
  case_id: number
  notification_id: number | null
  template_id: string
  kind: string
  /** queued | sending | sandbox | sent | failed (retried while next_attempt_at is set) | skipped */
  status: string
  error: string | null
  created_at: Ts
  /** migration 20261201000820_scheduler: claims so far, the next retry (null = none), the claim instant */
  attempts: Generated<number>
  next_attempt_at: Ts | null
  claimed_at: Ts | null
}
export interface StaffUserTable {
  id: Id
  community_id: number
  username: string
  password_hash: string
  display_name: string
  role: string
  active: Generated<Bool>
  created_at: Ts
  /** migration 20261201000700_going_live: a one-time password must be changed at first sign-in */
  must_change_password: Generated<Bool>
  password_changed_at: Ts | null
}
export interface AuditLogTable {
  id: Id
  actor_type: string
  actor_id: number | null
  action: string
  target: Generated<string>
  detail: Generated<string>
  at: Ts
}

export interface Database {
  communities: CommunityTable
  buildings: BuildingTable
  houses: HouseTable
  registered_owners: RegisteredOwnerTable
  move_in_cases: MoveInCaseTable
  case_stages: CaseStageTable
  case_events: CaseEventTable
  delegates: DelegateTable
  owner_sessions: OwnerSessionTable
  staff_sessions: StaffSessionTable
  wechat_links: WechatLinkTable
  verify_attempts: VerifyAttemptTable
  checklist_items: ChecklistItemTable
  uploads: UploadTable
  document_submissions: DocumentSubmissionTable
  consents: ConsentTable
  slots: SlotTable
  reservations: ReservationTable
  agreements: AgreementTable
  signatures: SignatureTable
  fee_rates: FeeRateTable
  bills: BillTable
  fee_lines: FeeLineTable
  payment_orders: PaymentOrderTable
  payment_notifications: PaymentNotificationTable
  receipts: ReceiptTable
  checkins: CheckinTable
  queue_counters: QueueCounterTable
  checkin_short_codes: CheckinShortCodeTable
  inspection_templates: InspectionTemplateTable
  inspections: InspectionTable
  inspection_results: InspectionResultTable
  defects: DefectTable
  defect_photos: DefectPhotoTable
  repair_orders: RepairOrderTable
  contractors: ContractorTable
  meter_readings: MeterReadingTable
  key_types: KeyTypeTable
  key_handovers: KeyHandoverTable
  survey_items: SurveyItemTable
  survey_responses: SurveyResponseTable
  followup_tasks: FollowupTaskTable
  faq_categories: FaqCategoryTable
  faqs: FaqTable
  notifications: NotificationTable
  wx_subscriptions: WxSubscriptionTable
  wx_messages: WxMessageTable
  staff_users: StaffUserTable
  audit_log: AuditLogTable
  batches: BatchTable
  wxacodes: WxacodeTable
  scheduler_jobs: SchedulerJobTable
  alerts: AlertTable
  scheduler_marks: SchedulerMarkTable
  wechatpay_sandbox_keys: WechatpaySandboxKeysTable
  wechatpay_sandbox_orders: WechatpaySandboxOrderTable
}

/** migration 20261201000700_going_live: a handover batch (集中交付) of a community */
export interface BatchTable {
  id: Id
  community_id: number
  /** the value houses.batch and slots.batch carry */
  code: string
  title: string
  /** JSON array of building names */
  buildings: Generated<string>
  /** YYYY-MM-DD (Shanghai) or null */
  starts_on: string | null
  ends_on: string | null
  place: Generated<string>
  sort: Generated<number>
  created_at: Ts
}
/** migration 20261201000700_going_live: a mini-program code per house token, generated ahead of time */
export interface WxacodeTable {
  id: Id
  house_id: number
  token: string
  storage_key: string | null
  error_code: number | null
  error_message: string | null
  created_at: Ts
}
/** migration 20261201000820_scheduler: one row per timed job; the claim is a conditional UPDATE */
export interface SchedulerJobTable {
  name: string
  next_run_at: Ts
  locked_until: Ts | null
  locked_by: string | null
  last_started_at: Ts | null
  last_finished_at: Ts | null
  last_error: string | null
  runs: Generated<number>
}
/** migration 20261201000820_scheduler: a staff alert (风险预警), one row per breach */
export interface AlertTable {
  id: Id
  /** unique per breach, e.g. review:<submissionId>:<submittedAt> */
  key: string
  kind: string
  community_id: number
  case_id: number | null
  house_id: number | null
  /** the staff role that must act */
  responsible_role: string
  /** a named staff member when one is responsible (none today) */
  staff_user_id: number | null
  title: string
  body: string
  created_at: Ts
  resolved_at: Ts | null
  acked_at: Ts | null
  acked_by: number | null
}
/** migration 20261201000820_scheduler: work done once (key unique), e.g. a reservation reminder */
export interface SchedulerMarkTable { key: string; at: Ts }

/** migration 20261201001100_instances: the WeChat Pay sandbox's keys (one row, id 1) and orders, shared by every instance */
export interface WechatpaySandboxKeysTable { id: number; keys_json: string; created_at: Ts }
export interface WechatpaySandboxOrderTable { out_trade_no: string; record_json: string; updated_at: Ts }
