import { loadConfig, type AppConfig } from './config'
import { buildApp, type App, type BuildAppOptions } from './app'
import { createDb, migrateToLatest, type DbHandle } from './db/database'
import { demoBanner, isEmpty, seedDemo } from './seed/demo'
import { seedDemoActivity } from './seed/activity'
import { printBanner } from './seed'
import { checkKey, checkSettings, PreflightError } from './startup'

export interface Started {
  app: App
  config: AppConfig
  handle: DbHandle
  /** the demo community was written by this start */
  seeded: boolean
  /** warnings and notes from the start-up checks, to print */
  warnings: string[]
}

/**
 * load config → settings check → migrate → key check → seed the demo (never in production)
 * → build the app. Throws PreflightError to refuse. Does not listen (main does), so tests can
 * call it in-process with their own env.
 */
export async function start(env: NodeJS.ProcessEnv = process.env, opts: Pick<BuildAppOptions, 'logger'> = {}): Promise<Started> {
  const config = loadConfig(env)
  const warnings = checkSettings(config, env)
  const handle = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, preparedStatements: config.pgPreparedStatements })
  try {
    // MIGRATE=0: a rollout migrates once (`npm run admin -- migrate`), instances only start.
    // Left on, concurrent starts are still safe: Kysely's migrator takes a PostgreSQL advisory lock.
    if (config.migrate) await migrateToLatest(handle.db)
    const note = await checkKey(config, handle.db, { mayCreate: !config.production })
    if (note) warnings.push(note)
    let seeded = false
    // Production ignores SEED_DEMO entirely: demo data never reaches a real database.
    if (!config.production && env.SEED_DEMO !== '0' && (await isEmpty(handle.db))) {
      await seedDemo(handle.db, config)
      await seedDemoActivity(handle.db, config)
      seeded = true
    }
    const app = await buildApp({ config, db: handle, ...opts })
    app.addHook('onClose', async () => handle.destroy())
    return { app, config, handle, seeded, warnings }
  } catch (err) {
    await handle.destroy().catch(() => undefined)
    throw err
  }
}

async function main() {
  const { app, config, handle, seeded, warnings } = await start()
  for (const w of warnings) console.warn(`\n${w}\n`)

  // SIGTERM (a rollout, the load balancer draining us): stop accepting (new requests on open
  // keep-alive connections get 503, return503OnClosing), let in-flight requests finish, stop the
  // scheduler (preClose waits for a running tick), close the pool (onClose), exit 0. Bounded:
  // after SHUTDOWN_TIMEOUT_MS (10 s) the remaining connections are cut and the exit code is 1.
  const graceMs = Number(process.env.SHUTDOWN_TIMEOUT_MS) > 0 ? Number(process.env.SHUTDOWN_TIMEOUT_MS) : 10_000
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal, graceMs }, 'shutting down')
    const timer = setTimeout(() => {
      app.log.error({ graceMs }, 'shutdown timed out: cutting the remaining connections')
      app.server.closeAllConnections()
      process.exit(1)
    }, graceMs)
    timer.unref()
    // A keep-alive connection busy when close began becomes idle after its response and would
    // otherwise linger for keepAliveTimeout (72 s): close such connections as they go idle.
    const idle = setInterval(() => app.server.closeIdleConnections(), 100)
    idle.unref()
    try {
      await app.close()
      clearInterval(idle)
      clearTimeout(timer)
      process.exit(0)
    } catch (err) {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  // timed jobs (alerts, outbox retry, pruning, retention, reminders); safe with several instances
  if (config.scheduler) app.scheduler.start()
  const db = handle.dialect === 'postgres' ? 'PostgreSQL' : `SQLite (${config.dataDir}/anjia.db)`
  const mode = config.production ? (config.sandboxAllowed ? '（生产模式 · 预发布沙箱）' : '（生产模式）') : ''
  console.log(`\n安家 Anjia API 已启动${mode}：${config.publicUrl}  数据库：${db}${seeded ? '（已写入演示数据）' : ''}`)
  console.log(`接口文档：${config.publicUrl}/api/docs`)
  if (!config.production && process.env.SEED_DEMO !== '0') printBanner(demoBanner(config.publicUrl))
}

if (require.main === module) {
  main().catch((err) => {
    if (err instanceof PreflightError) {
      console.error(`\n✖ ${err.message}\n`)
      process.exit(err.exitCode)
    }
    console.error(err)
    process.exit(1)
  })
}
