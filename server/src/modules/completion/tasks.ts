/*
 * Follow-up tasks (回访任务): opened when a case completes (key handover) and by the survey
 * (low scores). Staff list them on the tasks page and close them with a note.
 */
import { PostgresAdapter } from 'kysely'
import type { Executor } from '../../db/database'

/** 'first_visit' is the 7-day visit after keys (the engine's followup stage reads it). */
export type FollowupKind = 'first_visit' | 'survey_low_score' | 'overpayment_refund' | (string & {})
export type AssigneeRole = 'reception' | 'manager' | 'inspector' | 'cashier' | (string & {})

export interface OpenFollowupTaskInput {
  caseId: number
  /** e.g. 'first_visit' (7 days after keys) or 'survey_low_score' */
  kind: FollowupKind
  /** Chinese, shown to staff */
  reason: string
  /** ISO 8601 UTC instant */
  dueAt: string
  /** staff role that handles it; managers see every task */
  assigneeRole: AssigneeRole
}

/**
 * Opens a follow-up task. Call inside the transaction that caused it. Idempotent per
 * (case, kind) while a task of that kind is still open: the existing task id is returned.
 * Pass `createdAt` (now.toISOString() from app.config.now()) so frozen test clocks hold.
 */
export async function openFollowupTask(tx: Executor, input: OpenFollowupTaskInput & { createdAt?: string }): Promise<{ id: number; created: boolean }> {
  // Look-then-insert: two transactions at once (two survey submits, two payments settling)
  // would both see no open task and open two. The case row FOR NO KEY UPDATE serialises them
  // on PostgreSQL (the second reads the first's committed task); SQLite serialises writers.
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await tx.selectFrom('move_in_cases').select('id').where('id', '=', input.caseId).forNoKeyUpdate().execute()
  }
  const existing = await tx
    .selectFrom('followup_tasks')
    .select('id')
    .where('case_id', '=', input.caseId)
    .where('kind', '=', input.kind)
    .where('status', '=', 'open')
    .executeTakeFirst()
  if (existing) return { id: Number(existing.id), created: false }
  const row = await tx
    .insertInto('followup_tasks')
    .values({
      case_id: input.caseId,
      kind: input.kind,
      reason: input.reason,
      due_at: input.dueAt,
      assignee_role: input.assigneeRole,
      status: 'open',
      created_at: input.createdAt ?? new Date().toISOString(),
      closed_at: null
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: Number(row.id), created: true }
}
