/*
 * Going live (issue 7): what a property company needs to run its own community.
 * - staff accounts: a one-time password must be changed at first sign-in;
 * - community profile: service-centre hours and the place where move-in happens;
 * - batches (集中交付): which buildings hand over when and where, shown on the printed notice;
 * - registered owners: the developer's note column and a blind index of the phone (import matching);
 * - houses: when the current invitation token was issued (a lost notice gets a new one);
 * - wxacodes: mini-program codes generated ahead of time per house token (or the error WeChat gave).
 * FROZEN once shipped: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter } from 'kysely'

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  const table = (name: string) => {
    const tb = db.schema.createTable(name)
    return pg
      ? tb.addColumn('id', 'serial', (c) => c.primaryKey())
      : tb.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  }

  await db.schema.alterTable('staff_users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('staff_users').addColumn('password_changed_at', 'text').execute()

  await db.schema.alterTable('communities').addColumn('service_hours', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema.alterTable('communities').addColumn('service_place', 'text', (c) => c.notNull().defaultTo('')).execute()

  await table('batches')
    .addColumn('community_id', 'integer', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    /** JSON array of building names (e.g. ["1栋","2栋"]): documentation for the manager; houses.batch decides */
    .addColumn('buildings', 'text', (c) => c.notNull().defaultTo('[]'))
    /** YYYY-MM-DD, Shanghai dates; null = not planned yet */
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('batches_community_code_uq', ['community_id', 'code'])
    .execute()

  await db.schema.alterTable('registered_owners').addColumn('note', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema.alterTable('registered_owners').addColumn('phone_hmac', 'text').execute()

  await db.schema.alterTable('houses').addColumn('token_issued_at', 'text').execute()

  await table('wxacodes')
    .addColumn('house_id', 'integer', (c) => c.notNull().references('houses.id').onDelete('cascade'))
    .addColumn('token', 'varchar(32)', (c) => c.notNull())
    /** where the PNG is kept (upload storage), null when WeChat refused */
    .addColumn('storage_key', 'text')
    .addColumn('error_code', 'integer')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('wxacodes_house_token_uq', ['house_id', 'token'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wxacodes').ifExists().execute()
  await db.schema.alterTable('houses').dropColumn('token_issued_at').execute()
  await db.schema.alterTable('registered_owners').dropColumn('phone_hmac').execute()
  await db.schema.alterTable('registered_owners').dropColumn('note').execute()
  await db.schema.dropTable('batches').ifExists().execute()
  await db.schema.alterTable('communities').dropColumn('service_place').execute()
  await db.schema.alterTable('communities').dropColumn('service_hours').execute()
  await db.schema.alterTable('staff_users').dropColumn('password_changed_at').execute()
  await db.schema.alterTable('staff_users').dropColumn('must_change_password').execute()
}
