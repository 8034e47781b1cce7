import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { StaffKeysView } from '../../types'
import { fetchStaffKeys, handOverKeys } from '../api/keys'
import type { ApiResult } from '../api/client'
import { useRemote } from './useRemote'

/** Reception's key handover: counts start at the community defaults; two signatures; submit once. */
export function useStaffKeys(caseId: number) {
  // no case picked (page opened without ?caseId=): ask nothing of the server
  const remote = useRemote(
    (): Promise<ApiResult<StaffKeysView>> =>
      caseId > 0 ? fetchStaffKeys(caseId) : Promise.resolve({ ok: false, status: 400, code: 'BAD_REQUEST', message: '请从今日看板选择业主' }),
    'staff'
  )
  const [counts, setCounts] = useState<Record<string, number>>({})
  const [confirmed, setConfirmed] = useState(false)
  const [ownerSig, setOwnerSig] = useState<string | null>(null)
  const [staffSig, setStaffSig] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const countOf = (view: StaffKeysView, code: string) => counts[code] ?? view.keyTypes.find((k) => k.code === code)?.defaultCount ?? 0

  /** `ask`: the last word before what cannot be undone (the page's confirmation with the counts); false stops. */
  const submit = useCallback(
    async (view: StaffKeysView, ask?: (keys: { code: string; label: string; count: number }[]) => Promise<boolean>) => {
      const keys = view.keyTypes.map((k) => ({ code: k.code, count: counts[k.code] ?? k.defaultCount }))
      if (keys.every((k) => k.count === 0)) return setError('请填写交接的钥匙数量')
      if (!confirmed) return setError('请业主确认房号无误')
      // the message names the missing signature, never a generic one
      if (!ownerSig && !staffSig) return setError('请业主和工作人员分别在签名框内签名')
      if (!ownerSig) return setError('请业主在「业主签名」框内签名')
      if (!staffSig) return setError('请工作人员在「工作人员签名」框内签名')
      if (ask && !(await ask(keys.map((k) => ({ ...k, label: view.keyTypes.find((t) => t.code === k.code)?.label ?? k.code }))))) return
      setBusy(true)
      setError(null)
      const res = await handOverKeys(caseId, {
        keys,
        ownerSignaturePng: ownerSig,
        staffSignaturePng: staffSig,
        ownerConfirmedHouse: true
      })
      setBusy(false)
      if (!res.ok) return setError(res.message)
      void Taro.showToast({ title: '交接完成', icon: 'success' })
      await remote.reload()
    },
    [caseId, confirmed, counts, ownerSig, staffSig, remote]
  )

  return {
    state: remote.state,
    reload: remote.reload,
    countOf,
    setCount: (code: string, n: number) => setCounts((c) => ({ ...c, [code]: n })),
    confirmed,
    setConfirmed,
    ownerSig,
    setOwnerSig,
    staffSig,
    setStaffSig,
    submit,
    busy,
    error
  }
}
