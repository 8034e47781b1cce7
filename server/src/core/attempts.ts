/*
 * Guessing limits: owner verification (ID tail) and staff sign-in (password).
 *
 * Contract:
 *  1. Take, then decide. Before a guess is evaluated, `takeAttempt` locks its keys (PostgreSQL
 *     advisory locks shared by every instance on the database; SQLite has one writer), counts
 *     each key's failures inside the window and, when every key is under its limit, writes the
 *     attempt as a failure of each key: one transaction. So N concurrent guesses, on one
 *     instance or several, see each other: at most `max` of them are ever evaluated.
 *  2. A guess found right is settled (`succeeded`): its rows stop counting. A crash between
 *     take and settle leaves a failure, the safe side.
 *  3. A limited attempt writes nothing and is answered 429 RATE_LIMITED with the minutes until
 *     the oldest of the last `max` failures leaves the window.
 *  4. Who the client is: the connection address (Fastify's req.ip, which believes
 *     X-Forwarded-For only from the proxies in TRUST_PROXY), IPv6 by its /64, hashed. Nothing
 *     the caller sends in a header chooses it.
 */
import { normalizeIP } from '@fastify/rate-limit'
import type { Db, Executor } from '../db/database'
import { ApiError } from '../errors'
import { sha256 } from '../lib/crypto'
import { MINUTE } from '../lib/time'
import * as repo from './attempts-repository'

export const ATTEMPT_WINDOW_MS = 15 * MINUTE

/** One limited key of an attempt: at most `max` failures inside the window. */
export interface AttemptLimit {
  key: string
  max: number
  /** the house the attempt is about, kept on its row (owner verification) */
  houseId?: number | null
}

export interface TakenAttempt {
  /** the attempt's rows, for `succeeded` */
  ids: number[]
  /** keys whose limit this attempt reaches: a failure now locks them */
  lastAllowed: string[]
}

/** The IPv6 prefix one subscriber gets; an address inside it is the same client. */
export const IPV6_CLIENT_PREFIX = 64

/** The connection address as one client: IPv4 as is (also when IPv4-mapped), IPv6 by its /64. */
export function clientAddress(ip: string | undefined): string {
  // no address at all (a Unix socket): one shared client, never a way around the limits
  if (!ip) return 'unknown'
  try {
    return normalizeIP(ip, IPV6_CLIENT_PREFIX)
  } catch {
    return ip.toLowerCase()
  }
}

/** Hashed client key of a connection address (req.ip). */
export function clientKeyOf(ip: string | undefined): string {
  return sha256(`ip:${clientAddress(ip)}`)
}

function limited(failures: string[], max: number, now: Date, windowMs: number): ApiError {
  const retryAt = new Date(failures[max - 1]).getTime() + windowMs
  const minutes = Math.max(1, Math.ceil((retryAt - now.getTime()) / MINUTE))
  return new ApiError(429, 'RATE_LIMITED', `尝试次数过多，请 ${minutes} 分钟后再试`)
}

/**
 * Takes one attempt on every key, or throws 429 RATE_LIMITED (writing nothing) when any key
 * already has `max` failures inside the window (contract 1 and 3).
 */
export async function takeAttempt(db: Db, limits: AttemptLimit[], now: Date, windowMs = ATTEMPT_WINDOW_MS): Promise<TakenAttempt> {
  const at = now.toISOString()
  const since = new Date(now.getTime() - windowMs).toISOString()
  return db.transaction().execute(async (tx) => {
    await repo.lockKeys(tx, limits.map((l) => l.key))
    const lastAllowed: string[] = []
    for (const l of limits) {
      const failures = await repo.recentFailures(tx, l.key, since, l.max)
      if (failures.length >= l.max) throw limited(failures, l.max, now, windowMs)
      if (failures.length + 1 === l.max) lastAllowed.push(l.key)
    }
    const ids = await repo.insertFailures(tx, limits.map((l) => ({ key: l.key, houseId: l.houseId ?? null })), at)
    return { ids, lastAllowed }
  })
}

/** The guess was right: the attempt no longer counts against any key (contract 2). */
export async function succeeded(db: Executor, taken: TakenAttempt): Promise<void> {
  await repo.markSucceeded(db, taken.ids)
}
