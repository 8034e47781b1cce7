import { loadConfig } from './config'
import { buildApp } from './app'
import { createDb, migrateToLatest } from './db/database'
import { demoBanner, isEmpty, seedDemo } from './seed/demo'
import { seedDemoActivity } from './seed/activity'
import { printBanner } from './seed'

async function main() {
  const config = loadConfig()
  const handle = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  await migrateToLatest(handle.db)
  let seeded = false
  if (process.env.SEED_DEMO !== '0' && (await isEmpty(handle.db))) {
    await seedDemo(handle.db, config)
    await seedDemoActivity(handle.db, config)
    seeded = true
  }
  const app = await buildApp({ config, db: handle })
  app.addHook('onClose', async () => handle.destroy())

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ port: config.port, host: config.host })
  const db = handle.dialect === 'postgres' ? 'PostgreSQL' : `SQLite (${config.dataDir}/anjia.db)`
  console.log(`\n安家 Anjia API 已启动：${config.publicUrl}  数据库：${db}${seeded ? '（已写入演示数据）' : ''}`)
  console.log(`接口文档：${config.publicUrl}/api/docs`)
  if (process.env.SEED_DEMO !== '0') printBanner(demoBanner(config.publicUrl))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
