/*
 * One house, one page (房屋档案): what happened to a house, stage by stage, with who and when.
 *
 * Rules:
 * 1. Only staff of the house's community see it; any other house id is 404 (same answer as
 *    an id that does not exist, so ids of other communities are not probed).
 * 2. Identity is masked (张*, 4401**********1234); the full ID number never leaves the server.
 * 3. File links (documents, defect photos) only for the roles that may open files through
 *    GET /api/staff/files/:id (reviewer, manager); reception sees that files exist, not them.
 * 4. Every look is written to the audit log (`house.history`), even a 404, like a file view.
 */
import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import { maskName } from '../../lib/crypto'
import { maskedIdOrMark } from '../../lib/unreadable'
import { shanghaiDate } from '../../lib/time'
import type { AppConfig } from '../../config'
import type { StaffAuth } from '../../plugins/auth'
import type { StaffRole } from '../../../../types/staff'
import type { HistoryActorType, HistoryDefect, HouseHistory } from '../../../../types/history'
import { HISTORY_ACTOR_TYPES } from '../../../../types/history'
import { houseLabel } from '../../core/houses'
import { deriveProgress } from '../cases/engine'
import { loadContext } from '../cases/service'
import { audit } from '../../core/audit'
import * as repo from './repository'

/** The roles that may open uploaded files (as GET /api/staff/files/:id allows). */
export const FILE_ROLES: readonly StaffRole[] = ['reviewer', 'manager']

function maskedId(config: AppConfig, cipher: string | null, kind: string): string {
  return maskedIdOrMark(config.keys.aes, cipher, kind)
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

const actorType = (t: string): HistoryActorType => ((HISTORY_ACTOR_TYPES as readonly string[]).includes(t) ? (t as HistoryActorType) : 'system')

export async function houseHistory(db: Db, config: AppConfig, staff: StaffAuth, houseId: number): Promise<HouseHistory> {
  const now = config.now()
  const house = await repo.findHouse(db, houseId, staff.communityId)
  await audit(db, {
    actorType: 'staff',
    actorId: staff.userId,
    action: 'house.history',
    target: `house:${houseId}`,
    detail: house ? '' : 'not_found',
    at: now.toISOString()
  })
  if (!house) throw new ApiError(404, 'NOT_FOUND', '未找到该房屋')

  const canOpenFiles = FILE_ROLES.includes(staff.role)
  const fileUrl = (uploadId: number) => (canOpenFiles ? `/api/staff/files/${uploadId}` : null)
  const owners = (await repo.listOwners(db, houseId)).map((o) => ({ name: maskName(o.name), idMasked: maskedId(config, o.id_cipher, 'registered_owners.id_cipher') }))
  const kase = await repo.findCase(db, houseId)

  const history: HouseHistory = {
    house: {
      id: house.id,
      label: houseLabel(house),
      building: house.building,
      unit: house.unit,
      room: house.room,
      area: house.area,
      batch: house.batch,
      owners,
      caseId: kase?.id ?? null,
      verifiedAt: kase?.verifiedAt ?? null,
      verifiedRole: kase?.verifiedRole ?? null,
      delegate: null,
      currentStage: 'verify',
      stages: [],
      doneAt: kase?.doneAt ?? null
    },
    events: [],
    filesVisible: canOpenFiles,
    documents: [],
    reservation: null,
    reservations: [],
    checkins: [],
    payments: { bill: null, orders: [] },
    inspections: [],
    defects: [],
    keys: null,
    survey: null,
    tasks: []
  }
  const checklist = await repo.listChecklist(db, house.communityId)
  if (!kase) {
    history.documents = checklist.map((c) => ({
      itemCode: c.code,
      title: c.title,
      status: 'missing',
      reason: null,
      submittedAt: null,
      reviewedAt: null,
      reviewedBy: null,
      files: []
    }))
    return history
  }

  const caseId = kase.id
  const ctx = await loadContext(db, caseId)
  const derived = deriveProgress(ctx.facts, ctx.policy, now)
  history.house.currentStage = derived.currentStage
  history.house.stages = derived.stages.map((s) => ({ stage: s.stage, status: s.status }))

  const delegate = await repo.findDelegate(db, caseId)
  if (delegate) history.house.delegate = { name: maskName(delegate.name), idMasked: maskedId(config, delegate.id_cipher, 'delegates.id_cipher'), status: delegate.status }

  history.events = (await repo.listEvents(db, caseId)).map((e) => ({
    id: e.id,
    stage: e.stage,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    actorType: actorType(e.actor_type),
    actorLabel: e.actor_label || (e.actor_type === 'staff' ? '工作人员' : e.actor_type === 'system' ? '系统' : '业主'),
    note: e.note,
    at: e.at
  }))

  const uploads = await repo.listUploads(db, caseId)
  const submissions = new Map((await repo.listSubmissions(db, caseId)).map((s) => [s.item_code, s]))
  // checklist items in their order, then any submission whose item was removed from the list since
  const codes = [...checklist.map((c) => c.code), ...[...submissions.keys()].filter((k) => !checklist.some((c) => c.code === k))]
  const titles = new Map(checklist.map((c) => [c.code, c.title]))
  history.documents = codes
    .map((code) => {
      const s = submissions.get(code)
      const files = uploads
        .filter((u) => u.purpose === 'document' && u.item_code === code)
        .map((u) => ({ uploadId: u.id, page: u.page, mime: u.mime, size: u.size, createdAt: u.created_at, url: fileUrl(u.id) }))
      return {
        itemCode: code,
        title: titles.get(code) ?? code,
        status: s?.status ?? 'missing',
        reason: s?.reason ?? null,
        submittedAt: s?.submitted_at ?? null,
        reviewedAt: s?.reviewed_at ?? null,
        reviewedBy: s?.reviewer ?? null,
        files
      }
    })
    // optional items nobody touched say nothing about the house
    .filter((d, i) => i < checklist.length || d.files.length > 0 || d.status !== 'missing')

  history.reservations = (await repo.listReservations(db, caseId)).map((r) => ({
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    status: r.status,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at
  }))
  history.reservation = history.reservations.find((r) => r.status === 'active') ?? history.reservations[0] ?? null

  history.checkins = (await repo.listCheckins(db, caseId)).map((c) => ({
    date: c.date,
    queueNo: Number(c.queue_no),
    arrivedAt: c.arrived_at,
    calledAt: c.called_at,
    finishedAt: c.finished_at
  }))

  const bill = await repo.findBill(db, caseId)
  if (bill) {
    history.payments = {
      bill: { status: bill.status, totalCents: bill.totalCents, lines: bill.lines.map((l) => ({ label: l.label, amountCents: Number(l.amount_cents) })) },
      orders: bill.orders.map((o) => ({
        id: Number(o.id),
        channel: o.channel,
        method: o.method,
        amountCents: Number(o.amount_cents),
        status: o.status,
        createdAt: o.created_at,
        paidAt: o.paid_at,
        createdBy: o.created_by,
        receipt:
          o.receipt_id === null || o.receipt_id === undefined
            ? null
            : { id: Number(o.receipt_id), number: o.receipt_number ?? '', issuedAt: o.receipt_issued_at ?? '', amountCents: Number(o.receipt_amount_cents ?? 0) }
      }))
    }
  }

  history.inspections = (await repo.listInspections(db, caseId)).map((i) => ({
    round: Number(i.round),
    status: i.status,
    result: i.result,
    inspector: i.inspector ?? null,
    startedAt: i.started_at,
    completedAt: i.completed_at,
    ownerSignedAt: i.owner_signed_at
  }))

  const defects = await repo.listDefects(db, caseId)
  const defectIds = defects.map((d) => Number(d.id))
  const repairs = await repo.listRepairOrders(db, defectIds)
  const photos = await repo.listDefectPhotos(db, defectIds)
  const today = shanghaiDate(now)
  history.defects = defects.map((d): HistoryDefect => {
    const id = Number(d.id)
    // the latest repair order of the defect is the one that counts
    const r = repairs.filter((x) => Number(x.defect_id) === id).pop()
    const due = r?.due_date ?? d.due_date
    const fixedAt = r?.fixed_at ?? null
    const overdue = due !== null && (fixedAt ? shanghaiDate(new Date(fixedAt)) > due : d.status === 'open' && today > due)
    return {
      id,
      round: Number(d.round),
      room: d.room,
      location: d.location,
      category: d.category,
      severity: d.severity,
      description: d.description,
      status: d.status,
      dueDate: d.due_date,
      createdAt: d.created_at,
      confirmedAt: d.confirmed_at,
      repair: r ? { status: r.status, dueDate: r.due_date, fixedAt: r.fixed_at } : null,
      overdue,
      photos: photos.filter((p) => Number(p.defect_id) === id).map((p) => ({ kind: p.kind, url: fileUrl(Number(p.upload_id)) }))
    }
  })

  const handover = await repo.findHandover(db, caseId)
  if (handover) {
    const keys = parseJson<{ code: string; label: string; count: number }[]>(handover.keys, [])
    const meters = parseJson<{ kind: string; label?: string; value: number }[]>(handover.meters, [])
    history.keys = {
      handedAt: handover.handed_at,
      staff: handover.staff ?? '',
      keys: keys.map((k) => ({ code: k.code, label: k.label, count: Number(k.count) })),
      meters: meters.map((m) => ({ kind: m.kind, label: m.label ?? m.kind, value: Number(m.value) }))
    }
  }

  const survey = await repo.findSurvey(db, caseId)
  if (survey) {
    const scores = parseJson<Record<string, number>>(survey.scores, {})
    const comments = parseJson<Record<string, string>>(survey.comments, {})
    const items = await repo.listSurveyItems(db, house.communityId)
    history.survey = {
      submittedAt: survey.submitted_at,
      csi: Number(survey.csi),
      items: items
        .filter((i) => Number.isInteger(scores[i.code]))
        .map((i) => ({ code: i.code, title: i.title, score: scores[i.code], comment: comments[i.code] ?? '' })),
      overallComment: comments.overall ?? ''
    }
  }

  history.tasks = (await repo.listTasks(db, caseId)).map((t) => ({
    kind: t.kind,
    reason: t.reason,
    dueAt: t.due_at,
    assigneeRole: t.assignee_role,
    status: t.status,
    closedAt: t.closed_at,
    note: t.note
  }))
  return history
}
