import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { StaffAccount, StaffRole } from '../../../types'
import { createAccount, fetchAccounts, resetAccountPassword, updateAccount } from '../../api/accounts'
import type { ApiResult } from '../../api/client'
import { useRemote } from '../../hooks/useRemote'
import { redirectToLogin } from '../../stores/session'

/** A one-time password just issued: shown once, then forgotten by the page too. */
export interface IssuedPassword {
  account: StaffAccount
  password: string
  reason: 'created' | 'reset'
}

/** manager/accounts: the community's staff accounts and every change the manager makes to them. */
export function useAccounts() {
  const { state, reload } = useRemote(fetchAccounts, 'staff')
  const [issued, setIssuedState] = useState<IssuedPassword | null>(null)
  // the card with the password sits at the top: bring it into view wherever the button was
  const setIssued = useCallback((i: IssuedPassword | null) => {
    setIssuedState(i)
    if (i) void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
  }, [])
  const [busyId, setBusyId] = useState<number | 'create' | null>(null)
  const [actionError, setActionError] = useState<{ id: number | 'create'; message: string } | null>(null)

  /** Runs one change; on success reloads the list. Returns the data or null (error shown beside the control). */
  const run = useCallback(
    async <T>(id: number | 'create', call: () => Promise<ApiResult<T>>): Promise<T | null> => {
      setBusyId(id)
      setActionError(null)
      const res = await call()
      setBusyId(null)
      if (!res.ok) {
        if (res.status === 401) redirectToLogin('staff')
        else setActionError({ id, message: res.message })
        return null
      }
      await reload()
      return res.data
    },
    [reload]
  )

  const create = useCallback(
    async (input: { username: string; displayName: string; role: StaffRole }) => {
      const r = await run('create', () => createAccount(input))
      if (r) setIssued({ account: r.account, password: r.oneTimePassword, reason: 'created' })
      return r !== null
    },
    [run, setIssued]
  )

  const setRole = useCallback((a: StaffAccount, role: StaffRole) => run(a.id, () => updateAccount(a.id, { role })), [run])

  const setActive = useCallback(
    async (a: StaffAccount, active: boolean) => {
      if (!active) {
        const r = await Taro.showModal({
          title: '停用账号',
          content: `停用后，${a.displayName}（${a.username}）会立即退出登录，且不能再登录。确定停用吗？`,
          confirmText: '停用',
          cancelText: '取消'
        })
        if (!r.confirm) return null
      }
      return run(a.id, () => updateAccount(a.id, { active }))
    },
    [run]
  )

  const reset = useCallback(
    async (a: StaffAccount) => {
      const r = await Taro.showModal({
        title: '重置密码',
        content: `将为 ${a.displayName}（${a.username}）生成新的一次性密码，原密码和现有登录立即失效。确定重置吗？`,
        confirmText: '重置',
        cancelText: '取消'
      })
      if (!r.confirm) return
      const data = await run(a.id, () => resetAccountPassword(a.id))
      if (data) setIssued({ account: data.account, password: data.oneTimePassword, reason: 'reset' })
    },
    [run, setIssued]
  )

  const copy = useCallback(async (password: string) => {
    try {
      await Taro.setClipboardData({ data: password })
    } catch {
      // the password stays on screen to be copied by hand
    }
  }, [])

  return { state, reload, issued, dismissIssued: () => setIssued(null), busyId, actionError, create, setRole, setActive, reset, copy }
}
