// The layering rule, computed from the source: lib/ (pure helpers, the clock) and core/
// (houses, audit, attempt limits, upload serving) never import a feature module, and no two
// modules under modules/ import each other (type-only imports count: they are still a cycle
// for whoever reads or moves the code).
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

const SRC = resolve(__dirname, '../../server/src')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : []
  )
}

/** `modules/<name>` for a file under modules/, else its top folder (`core`, `lib`, `db`...). */
function unitOf(path: string): string | null {
  const parts = relative(SRC, path).split(sep)
  if (parts[0] === '..') return null
  return parts[0] === 'modules' ? `modules/${parts[1]}` : parts[0].replace(/\.ts$/, '')
}

/** Every relative import (static, re-export, dynamic) as "from -> to" with the files doing it. */
function importGraph(): Map<string, string[]> {
  const edges = new Map<string, string[]>()
  for (const file of files(SRC)) {
    const from = unitOf(file)!
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
      const to = unitOf(resolve(dirname(file), m[1]))
      if (!to || to === from) continue
      const key = `${from} -> ${to}`
      edges.set(key, [...(edges.get(key) ?? []), relative(SRC, file)])
    }
  }
  return edges
}

describe('server module graph', () => {
  const edges = importGraph()

  it('is read from the source (sanity: known edges are found)', () => {
    expect(edges.has('modules/fees -> core')).toBe(true)
    expect(edges.has('modules/payments -> modules/fees')).toBe(true)
  })

  it('has no pair of modules importing each other', () => {
    const mutual: string[] = []
    for (const key of edges.keys()) {
      const [a, b] = key.split(' -> ')
      if (a.startsWith('modules/') && b.startsWith('modules/') && a < b && edges.has(`${b} -> ${a}`)) {
        mutual.push(`${a} <-> ${b} (${edges.get(key)!.join(', ')} / ${edges.get(`${b} -> ${a}`)!.join(', ')})`)
      }
    }
    expect(mutual).toEqual([])
  })

  it('keeps lib/ and core/ below the features', () => {
    const upward = [...edges.entries()]
      .filter(([key]) => /^(lib|core) -> modules\//.test(key) || key === 'lib -> core')
      .map(([key, by]) => `${key} (${by.join(', ')})`)
    expect(upward).toEqual([])
  })

  it('keeps the stage engine below the features: cases imports only the notification sink', () => {
    const up = [...edges.keys()].filter((k) => k.startsWith('modules/cases -> modules/') && k !== 'modules/cases -> modules/notifications')
    expect(up).toEqual([])
  })

  it('keeps notifications a sink: it imports no other module', () => {
    expect([...edges.keys()].filter((k) => k.startsWith('modules/notifications -> modules/'))).toEqual([])
  })
})

// SQL belongs in repositories: these services query only through their repository (or core),
// so a query builder call or raw sql`` in them is a regression.
describe('services without SQL', () => {
  const QUERY = /\.\s*(selectFrom|insertInto|updateTable|deleteFrom)\s*\(|\bsql\s*`|\bsql\.(raw|lit|ref|id|join|val)\s*\(/g

  function queriesIn(text: string): string[] {
    return text.split('\n').flatMap((line, i) => (line.match(QUERY) ? [`${i + 1}: ${line.trim()}`] : []))
  }

  it('recognises a query (sanity: the pattern matches the forms a service would use)', () => {
    expect(queriesIn("await tx\n  .updateTable('uploads')\n  .set({})")).toHaveLength(1)
    expect(queriesIn("db.selectFrom('consents')")).toHaveLength(1)
    expect(queriesIn('await sql`select 1`.execute(db)')).toHaveLength(1)
    expect(queriesIn('await repo.insertPage(tx, page)')).toEqual([])
  })

  it.each(['documents', 'payments', 'keys', 'checkin'])('modules/%s/service.ts runs no query itself', (name) => {
    const text = readFileSync(join(SRC, 'modules', name, 'service.ts'), 'utf8')
    expect(queriesIn(text)).toEqual([])
  })
})
