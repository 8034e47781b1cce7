/*
 * PostgreSQL: our statements as named prepared statements, so each connection parses and plans
 * a statement once instead of on every call.
 *
 * node-postgres sends an unnamed statement (Parse + Bind + Execute) for every parameterised
 * query, so the server parses, analyses and plans the same SQL again each time; given a `name`
 * it prepares the statement once per connection and afterwards only binds and executes it.
 * Kysely passes plain (text, values) to the client, hence this small wrapper on each pooled
 * client rather than a change of driver. Measured with the reservation rush on PostgreSQL
 * (bench/rush.cjs, one run each way): 726 → 967 rps in the rush, 345 → 458 in the launch
 * morning, results and guarantees unchanged.
 *
 * What is named, and what is not:
 *  - only DML (select / insert / update / delete / with): DDL and transaction control stay
 *    unnamed;
 *  - never a statement reading `*` (select *, t.*, returning *): a prepared `*` fixes its result columns,
 *    and another instance's migration adding a column would make it fail with "cached plan must
 *    not change result type" until a restart. Explicit column lists re-plan by themselves;
 *  - at most MAX_NAMES distinct statements per process, with at most MAX_PARAMS parameters:
 *    statements whose text varies (in-lists, bulk VALUES of an import) would otherwise pile up
 *    prepared statements in every connection for its lifetime. Past the cap, statements simply
 *    run unnamed as before.
 */
import crypto from 'node:crypto'
import type pg from 'pg'

const DML = /^\s*(select|insert|update|delete|with)\b/i
const STAR = /(^|[\s,(])((select|returning)\s+(distinct\s+)?\*|"?[A-Za-z_][A-Za-z0-9_]*"?\.\*)/i
export const MAX_NAMES = 512
export const MAX_PARAMS = 64

const names = new Map<string, string | null>()

/** The prepared statement's name for this SQL text, or null when it runs unnamed. */
export function statementName(sql: string, paramCount: number): string | null {
  const known = names.get(sql)
  if (known !== undefined) return known
  if (names.size >= MAX_NAMES) return null
  const name = DML.test(sql) && !STAR.test(sql) && paramCount <= MAX_PARAMS ? `a_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 24)}` : null
  names.set(sql, name)
  return name
}

type QueryFn = (...args: unknown[]) => unknown

/** Makes a pooled client send our statements as named prepared statements (see above). */
export function prepareStatements(client: pg.PoolClient): void {
  const marked = client as unknown as { __anjiaPrepared?: boolean; query: QueryFn }
  if (marked.__anjiaPrepared) return
  marked.__anjiaPrepared = true
  const query = marked.query.bind(client) as QueryFn
  marked.query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof text === 'string' && Array.isArray(values)) {
      const name = statementName(text, values.length)
      if (name) return query({ name, text, values }, ...rest)
    }
    return query(text, values, ...rest)
  }
}
