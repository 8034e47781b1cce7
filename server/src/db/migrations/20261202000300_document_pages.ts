/*
 * Document page numbers (issue 9 item 7): two uploads of the same item at once both counted
 * n pages and inserted page n + 1, and both passed the page limit. The service now takes a
 * per-case lock; this index is the backstop: one live page per (case, item, page number).
 * FROZEN once shipped: imports nothing from the app.
 *
 * Live pages that already share a number are renumbered 1..n (by page, then id) first, in one
 * statement both dialects run, so the index can be built on existing data.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE uploads SET page = (
      SELECT count(*) FROM uploads u2
      WHERE u2.case_id = uploads.case_id
        AND u2.item_code = uploads.item_code
        AND u2.purpose = 'document'
        AND u2.deleted_at IS NULL
        AND (u2.page < uploads.page OR (u2.page = uploads.page AND u2.id <= uploads.id))
    )
    WHERE purpose = 'document' AND deleted_at IS NULL AND item_code IS NOT NULL
  `.execute(db)
  await sql`
    CREATE UNIQUE INDEX uploads_document_page_uq ON uploads (case_id, item_code, page)
    WHERE purpose = 'document' AND deleted_at IS NULL
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX uploads_document_page_uq`.execute(db)
}
