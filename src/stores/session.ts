import Taro from '@tarojs/taro'
import type { OwnerSession, StaffSession } from '../../types'

/**
 * The only global state: the owner session and the staff session, each under its own
 * storage key (a staff member may also be an owner on the same phone). Expired sessions
 * read as null and are removed.
 */
export type SessionKind = 'owner' | 'staff'

const KEYS: Record<SessionKind, string> = {
  owner: 'anjia.session.owner',
  staff: 'anjia.session.staff'
}

type SessionOf<K extends SessionKind> = K extends 'owner' ? OwnerSession : StaffSession

function expired(expiresAt: unknown, now: number): boolean {
  if (typeof expiresAt !== 'string') return true
  const t = Date.parse(expiresAt)
  return Number.isNaN(t) || t <= now
}

function read<K extends SessionKind>(kind: K, now = Date.now()): SessionOf<K> | null {
  let value: unknown
  try {
    value = Taro.getStorageSync(KEYS[kind])
  } catch {
    return null
  }
  if (!value || typeof value !== 'object') return null
  const s = value as { expiresAt?: unknown }
  if (expired(s.expiresAt, now)) {
    clearSession(kind)
    return null
  }
  return value as SessionOf<K>
}

export function getOwnerSession(now?: number): OwnerSession | null {
  return read('owner', now)
}

export function getStaffSession(now?: number): StaffSession | null {
  return read('staff', now)
}

export function setOwnerSession(session: OwnerSession): void {
  Taro.setStorageSync(KEYS.owner, session)
}

export function setStaffSession(session: StaffSession): void {
  Taro.setStorageSync(KEYS.staff, session)
}

export function clearSession(kind: SessionKind): void {
  try {
    Taro.removeStorageSync(KEYS[kind])
  } catch {
    // storage unavailable: nothing stored either
  }
}

/** Bearer token for a request, or null when there is no live session. */
export function tokenFor(kind: SessionKind): string | null {
  if (kind === 'owner') return getOwnerSession()?.sessionToken ?? null
  return getStaffSession()?.token ?? null
}

export const STAFF_PASSWORD_PAGE = '/staff/password/index'

/** Records in the stored staff session whether a one-time password must still be changed. */
export function setMustChangePassword(value: boolean): void {
  const s = getStaffSession()
  if (s && s.mustChangePassword !== value) setStaffSession({ ...s, mustChangePassword: value })
}

let sentToPasswordPage = 0

/**
 * The server said PASSWORD_CHANGE_REQUIRED: nothing but the change form can succeed until the
 * one-time password is replaced, so go there (once per burst of failing requests).
 */
export function requirePasswordChange(): void {
  setMustChangePassword(true)
  const now = Date.now()
  if (now - sentToPasswordPage < 2000) return
  sentToPasswordPage = now
  void Taro.reLaunch({ url: STAFF_PASSWORD_PAGE })
}

/** Where to send someone whose session is gone. */
export const LOGIN_PAGE: Record<SessionKind, string> = {
  owner: '/pages/entry/index',
  staff: '/staff/login/index'
}

/** 401 handling: forget the session and start over at the entry / staff login page. */
export function redirectToLogin(kind: SessionKind): void {
  clearSession(kind)
  void Taro.reLaunch({ url: LOGIN_PAGE[kind] })
}
