/*
 * `npm run admin -- <command>`: the operator's tool for a real installation (no demo data).
 * Shares the config and the master-key rule with the server (startup.ts checkKey): a missing
 * key is created only when the database holds no ciphertexts. Every command writes audit_log
 * (actor_type 'system'). Exit codes: 0 done, 1 refused to start (key) or failed, 2 bad usage
 * or a conflict the operator must resolve (e.g. a community already exists).
 */
import { loadConfig } from './config'
import { createDb, migrateToLatest, migrator, type Db } from './db/database'
import { ApiError } from './errors'
import { checkKey, PreflightError } from './startup'
import { audit } from './core/audit'
import * as accounts from './modules/accounts/service'
import * as repo from './modules/accounts/repository'
import { STAFF_ROLES, type StaffRole } from '../../types/staff'

export const ADMIN_HELP = `安家管理命令 / Anjia admin — npm run admin -- <command> [options]

  init --community 名称 --manager 用户名 [--name 姓名] [--force-new-community]
      空数据库上：执行迁移，创建小区和它的第一位经理账号。
      密码取自 ANJIA_ADMIN_PASSWORD（至少 ${accounts.PASSWORD_MIN_LENGTH} 位），否则生成一次性密码并只显示一次，首次登录须修改。
      已有小区时报错（退出码 2），除非加 --force-new-community。
  create-community --name 名称
      再建一个小区（之后用 create-staff 为它建经理账号）。
  create-staff --community-id ID --user 用户名 --role 角色 [--name 姓名]
      角色：${STAFF_ROLES.join(' / ')}。打印一次性密码，首次登录须修改。
  reset-password --user 用户名
      生成新的一次性密码（只显示一次），并让该账号所有登录立即失效。
  list-staff [--community-id ID]
      列出小区和员工账号（不含密码）。
  migrate
      只执行数据库迁移并列出执行了哪些（上线新版本前运行一次，各实例再以 MIGRATE=0 启动）。
      Runs the migrations once before a rollout; instances then start with MIGRATE=0.
  help
      显示本说明。

环境变量 / environment: DATABASE_URL（不设则用 DATA_DIR 下的 SQLite）、DATA_DIR、ANJIA_SECRET_KEY、ANJIA_ADMIN_PASSWORD。
每个命令都会写入审计日志（actor_type = system）。`

export interface AdminIo {
  out: (line: string) => void
  err: (line: string) => void
}

class UsageError extends Error {}

type Flags = Record<string, string | true>

function parseFlags(args: string[]): Flags {
  const flags: Flags = {}
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (!a.startsWith('--')) throw new UsageError(`无法识别的参数 / unexpected argument: ${a}`)
    const eq = a.indexOf('=')
    if (eq > 0) {
      flags[a.slice(2, eq)] = a.slice(eq + 1)
    } else if (i + 1 < args.length && !args[i + 1].startsWith('--')) {
      flags[a.slice(2)] = args[++i]
    } else {
      flags[a.slice(2)] = true
    }
  }
  return flags
}

function str(flags: Flags, name: string, required = true): string | undefined {
  const v = flags[name]
  if (v === undefined || v === true || v.trim() === '') {
    if (required) throw new UsageError(`缺少 --${name} / missing --${name}`)
    return undefined
  }
  return v.trim()
}

function intFlag(flags: Flags, name: string, required = true): number | undefined {
  const v = str(flags, name, required)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} 需要正整数 / must be a positive integer`)
  return n
}

function checkKnown(flags: Flags, known: string[]): void {
  const extra = Object.keys(flags).filter((k) => !known.includes(k))
  if (extra.length > 0) throw new UsageError(`未知选项 / unknown option: ${extra.map((k) => `--${k}`).join(' ')}`)
}

function printOneTime(io: AdminIo, username: string, password: string): void {
  io.out(`一次性密码 / one-time password for ${username}:  ${password}`)
  io.out('（只显示这一次，请当面交给本人；首次登录后必须修改。 Shown once: hand it over in person; it must be changed at first sign-in.）')
}

async function systemAudit(db: Db, action: string, target: string, detail: Record<string, unknown>, at: Date) {
  await audit(db, { actorType: 'system', actorId: null, action, target, detail: JSON.stringify(detail), at: at.toISOString() })
}

async function createCommunityWithManager(
  db: Db,
  now: Date,
  env: NodeJS.ProcessEnv,
  io: AdminIo,
  opts: { community: string; manager: string; name?: string }
) {
  const password = env.ANJIA_ADMIN_PASSWORD || undefined
  const prepared = await accounts.prepareAccount({ username: opts.manager, displayName: opts.name ?? '项目经理', role: 'manager', password })
  const at = now.toISOString()
  // the community and its first manager are created together or not at all
  const communityId = await db.transaction().execute(async (tx) => {
    const id = await repo.insertCommunity(tx, opts.community, at)
    await audit(tx, { actorType: 'system', actorId: null, action: 'admin.create_community', target: `community:${id}`, detail: JSON.stringify({ name: opts.community }), at })
    await accounts.insertPreparedAccount(tx, now, { type: 'system', id: null }, id, prepared)
    return id
  })
  io.out(`已创建小区「${opts.community}」（id ${communityId}）和经理账号 ${prepared.username}。 Created community ${communityId} and manager ${prepared.username}.`)
  if (prepared.oneTimePassword) printOneTime(io, prepared.username, prepared.oneTimePassword)
  else io.out('密码取自 ANJIA_ADMIN_PASSWORD，无需首次修改。 Password taken from ANJIA_ADMIN_PASSWORD.')
}

async function runCommand(command: string, flags: Flags, db: Db, now: Date, env: NodeJS.ProcessEnv, io: AdminIo): Promise<number> {
  switch (command) {
    case 'init': {
      checkKnown(flags, ['community', 'manager', 'name', 'force-new-community'])
      const community = str(flags, 'community')!
      const manager = str(flags, 'manager')!
      const existing = await repo.listCommunities(db)
      if (existing.length > 0 && flags['force-new-community'] !== true) {
        await systemAudit(db, 'admin.init.refused', 'communities', { existing: existing.length }, now)
        io.err(
          `已有 ${existing.length} 个小区（${existing.map((c) => `${c.id} ${c.name}`).join('、')}），init 不会再建一个。` +
            `要再建小区请用 create-community，或加 --force-new-community。 ` +
            `A community already exists; init does not create a second one by accident. Use create-community or --force-new-community.`
        )
        return 2
      }
      await createCommunityWithManager(db, now, env, io, { community, manager, name: str(flags, 'name', false) })
      await systemAudit(db, 'admin.init', 'communities', { community, manager: accounts.normalizeUsername(manager) }, now)
      return 0
    }
    case 'create-community': {
      checkKnown(flags, ['name'])
      const name = str(flags, 'name')!
      const id = await db.transaction().execute(async (tx) => {
        const newId = await repo.insertCommunity(tx, name, now.toISOString())
        await audit(tx, { actorType: 'system', actorId: null, action: 'admin.create_community', target: `community:${newId}`, detail: JSON.stringify({ name }), at: now.toISOString() })
        return newId
      })
      io.out(`已创建小区「${name}」，id ${id}。下一步：npm run admin -- create-staff --community-id ${id} --user 用户名 --role manager`)
      return 0
    }
    case 'create-staff': {
      checkKnown(flags, ['community-id', 'user', 'role', 'name'])
      const communityId = intFlag(flags, 'community-id')!
      const username = str(flags, 'user')!
      const role = str(flags, 'role')!
      if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role 只能是 / must be one of: ${STAFF_ROLES.join(', ')}`)
      if (!(await repo.listCommunities(db)).some((c) => c.id === communityId)) {
        io.err(`没有 id 为 ${communityId} 的小区。 No community ${communityId}.`)
        return 2
      }
      const r = await accounts.createAccount(db, now, { type: 'system', id: null }, {
        communityId,
        username,
        displayName: str(flags, 'name', false) ?? username,
        role: role as StaffRole
      })
      io.out(`已创建账号 ${r.account.username}（${r.account.role}）。 Created ${r.account.username}.`)
      printOneTime(io, r.account.username, r.oneTimePassword!)
      return 0
    }
    case 'reset-password': {
      checkKnown(flags, ['user'])
      const username = str(flags, 'user')!
      const a = await repo.findAccountByUsername(db, accounts.normalizeUsername(username))
      if (!a) {
        await systemAudit(db, 'admin.reset_password.not_found', 'staff_user', {}, now)
        io.err(`没有用户名为 ${username} 的账号。 No such account.`)
        return 2
      }
      const r = await accounts.resetPassword(db, now, { type: 'system', id: null }, null, a.id)
      io.out(`已重置 ${r.account.username} 的密码，原有登录已全部失效。 Password reset; all sessions ended.`)
      printOneTime(io, r.account.username, r.oneTimePassword)
      return 0
    }
    case 'list-staff': {
      checkKnown(flags, ['community-id'])
      const only = intFlag(flags, 'community-id', false)
      const communities = (await repo.listCommunities(db)).filter((c) => only === undefined || c.id === only)
      for (const c of communities) {
        io.out(`小区 ${c.id}  ${c.name}`)
        const list = await accounts.listAccounts(db, c.id)
        if (list.length === 0) io.out('  （没有账号 / no accounts）')
        for (const a of list) {
          const flagsText = [a.active ? '' : '已停用/disabled', a.mustChangePassword ? '待改密/one-time password' : ''].filter(Boolean).join(' ')
          io.out(`  ${String(a.id).padStart(4)}  ${a.username.padEnd(20)} ${a.role.padEnd(10)} ${a.displayName}${flagsText ? '  ' + flagsText : ''}`)
        }
      }
      if (communities.length === 0) io.out('还没有小区。先运行 init。 No community yet: run init first.')
      await systemAudit(db, 'admin.list_staff', only ? `community:${only}` : 'communities', {}, now)
      return 0
    }
    default:
      throw new UsageError(`未知命令 / unknown command: ${command}`)
  }
}

/** Runs one admin command; returns the exit code. Tests call this in-process. */
export async function runAdmin(argv: string[], env: NodeJS.ProcessEnv = process.env, io: AdminIo = { out: console.log, err: console.error }): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(ADMIN_HELP)
    return command ? 0 : 2
  }
  let flags: Flags
  try {
    flags = parseFlags(rest)
    if (!['migrate', 'init', 'create-community', 'create-staff', 'reset-password', 'list-staff'].includes(command)) throw new UsageError(`未知命令 / unknown command: ${command}`)
  } catch (err) {
    io.err(`✖ ${(err as Error).message}\n`)
    io.err(ADMIN_HELP)
    return 2
  }
  let config
  try {
    config = loadConfig(env)
  } catch (err) {
    io.err(`✖ ${(err as Error).message}`)
    return 1
  }
  const handle = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, preparedStatements: config.pgPreparedStatements })
  try {
    if (command === 'migrate') {
      checkKnown(flags, [])
      // Kysely holds a PostgreSQL advisory lock meanwhile: a second migrate (or a starting instance) waits
      const { error, results = [] } = await migrator(handle.db).migrateToLatest()
      for (const r of results) io.out(`${r.status === 'Success' ? '✔' : '✖'} ${r.migrationName}`)
      if (error) throw error
      io.out(results.length ? `已执行 ${results.length} 个迁移。 Applied ${results.length} migration(s).` : '数据库已是最新。 The database is up to date.')
      return 0
    }
    await migrateToLatest(handle.db)
    // the same key rule as the server; admin may create the key file where no ciphertexts exist
    const note = await checkKey(config, handle.db, { mayCreate: true })
    if (note) io.out(note)
    return await runCommand(command, flags, handle.db, config.now(), env, io)
  } catch (err) {
    if (err instanceof PreflightError) {
      io.err(`✖ ${err.message}`)
      return err.exitCode
    }
    if (err instanceof UsageError) {
      io.err(`✖ ${err.message}\n`)
      io.err(ADMIN_HELP)
      return 2
    }
    if (err instanceof ApiError) {
      io.err(`✖ ${err.message}（${err.code}）`)
      return 2
    }
    io.err(`✖ ${(err as Error).stack ?? String(err)}`)
    return 1
  } finally {
    await handle.destroy()
  }
}

if (require.main === module) {
  runAdmin(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err)
      process.exit(1)
    }
  )
}
