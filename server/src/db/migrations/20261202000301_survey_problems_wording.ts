/*
 * Survey item 5 (issue 12 item 10): "入伙过程中遇到的问题" is not something one rates from
 * 1 to 5 stars. It asks how problems were handled instead. Only communities that still carry
 * the original default text are changed: a community that edited the title keeps its own.
 * FROZEN once shipped: imports nothing from the app.
 */
import { sql, type Kysely } from 'kysely'

const OLD = '入伙过程中遇到的问题'
const NEW = '入伙过程中遇到问题时的处理及时性与效果'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`UPDATE survey_items SET title = ${NEW} WHERE code = 'problems' AND title = ${OLD}`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`UPDATE survey_items SET title = ${OLD} WHERE code = 'problems' AND title = ${NEW}`.execute(db)
}
