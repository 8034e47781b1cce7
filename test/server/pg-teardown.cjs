// Drops the PostgreSQL schemas this test run created (see pg-setup.cjs).
const pg = require('pg')

module.exports = async () => {
  const url = process.env.DATABASE_URL
  const run = process.env.ANJIA_TEST_RUN
  if (!url || !run) return
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const { rows } = await c.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`${run}\\_%`])
    for (const r of rows) await c.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`)
  } finally {
    await c.end()
  }
}
