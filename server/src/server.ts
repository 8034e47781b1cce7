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
  const handle = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await migrateToLatest(handle.db)
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

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

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
