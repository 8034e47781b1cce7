/*
 * Hot queries compiled once per dialect instead of on every call.
 *
 * Building a Kysely query (operation-node visitors, freezing, reference parsing) and compiling
 * it to SQL cost about as much CPU as SQLite executing it: a quarter of the reservation rush's
 * profile. For a query whose SQL text never changes with its arguments, `compiledOnce` builds
 * it the first time with marker values in place of the arguments, remembers the SQL and where
 * each argument lands in the parameter list, and from then on only substitutes the values. The
 * SQL text is identical each time, so SQLite's prepared-statement cache (database.ts) and the
 * query itself are exactly what the builder produced: the builder stays the source of truth.
 *
 * Only for queries whose shape is fixed: every argument must be a plain value used as one bound
 * parameter (no `in` lists, no `is null` switches, no optional clauses). Constants written in
 * the builder (e.g. 'active') stay bound parameters with their own value.
 */
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely'
import type { Executor } from './database'

const MARK = '\u0000anjia-arg:'

interface Plan {
  sql: string
  /** per bound parameter: the index of the argument it takes, or the constant it keeps */
  params: Array<{ arg: number } | { value: unknown }>
}

/** The dialect adapter is shared by a Kysely instance and all its transactions: one plan per dialect. */
function adapterOf(db: Executor): object {
  const executor = (db as unknown as { getExecutor?: () => { adapter?: object } }).getExecutor?.()
  return executor?.adapter ?? db
}

export function compiledOnce<Args extends unknown[], Row>(build: (db: Executor, ...args: Args) => Compilable<Row>) {
  const plans = new WeakMap<object, Plan>()
  const plan = (db: Executor, arity: number): Plan => {
    const key = adapterOf(db)
    let p = plans.get(key)
    if (!p) {
      const marks = Array.from({ length: arity }, (_, i) => `${MARK}${i}`) as unknown as Args
      const q = build(db, ...marks).compile()
      const params = q.parameters.map((v) => (typeof v === 'string' && v.startsWith(MARK) ? { arg: Number(v.slice(MARK.length)) } : { value: v }))
      const used = new Set(params.flatMap((x) => ('arg' in x ? [x.arg] : [])))
      if (used.size !== arity) throw new Error(`compiledOnce: ${arity - used.size} argument(s) did not become a bound parameter in ${q.sql}`)
      p = { sql: q.sql, params }
      plans.set(key, p)
    }
    return p
  }
  /** Runs the query with these arguments; the whole result (rows, numAffectedRows). */
  return async (db: Executor, ...args: Args): Promise<QueryResult<Row>> => {
    const p = plan(db, args.length)
    const values = p.params.map((x) => ('arg' in x ? args[x.arg] : x.value))
    return db.executeQuery<Row>(CompiledQuery.raw(p.sql, values) as CompiledQuery<Row>)
  }
}
