/* `npm run seed`: migrate, insert the demo community if the database is empty, print how to enter. */
import { loadConfig } from './config'
import { createDb, migrateToLatest } from './db/database'
import { demoBanner, isEmpty, seedDemo } from './seed/demo'
import { seedDemoActivity } from './seed/activity'
import { checkKey, PreflightError } from './startup'

export function printBanner(b: { lines: string[]; qrUrl: string }) {
  for (const l of b.lines) console.log(l)
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  require('qrcode-terminal').generate(b.qrUrl, { small: true }, (qr: string) => console.log(qr))
}

async function main() {
  const config = loadConfig()
  if (config.production) throw new PreflightError('生产模式（NODE_ENV=production）不写入演示数据。 The demo community is never seeded in production.')
  const handle = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, preparedStatements: config.pgPreparedStatements })
  try {
    await migrateToLatest(handle.db)
    // the key file is written here, before anything is encrypted with it
    const note = await checkKey(config, handle.db, { mayCreate: true })
    if (note) console.log(note)
    if (await isEmpty(handle.db)) {
      const r = await seedDemo(handle.db, config)
      const a = await seedDemoActivity(handle.db, config)
      console.log(`已写入演示小区：${r.houses} 户，其中 ${a.houses} 户已在办理中`)
    } else {
      console.log('数据库已有数据，跳过演示数据写入')
    }
    printBanner(demoBanner(config.publicUrl))
  } finally {
    await handle.destroy()
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof PreflightError ? `✖ ${err.message}` : err)
    process.exit(1)
  })
}
