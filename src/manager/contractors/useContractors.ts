import { useCallback, useEffect, useState } from 'react'
import type { Contractor, ContractorBatchAssignRequest, ContractorCreateRequest } from '../../../types'
import { assignBatch, contractorNoticePdf, createContractor, fetchContractors, updateContractor } from '../../api/contractors'
import { openPdf } from '../../api/pdf'
import { getStaffSession, redirectToLogin } from '../../stores/session'

export type Notice = { kind: 'ok'; text: string } | { kind: 'error'; text: string }

/** manager/contractors: the list, create / edit, batch assignment and the 整改通知单. */
export function useContractors() {
  const [items, setItems] = useState<Contractor[] | null>(null)
  const [buildings, setBuildings] = useState<{ id: number; name: string }[]>([])
  const [loadError, setLoadError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  /** the outcome of the last action, said beside the contractor (or the form: id 0) */
  const [notice, setNotice] = useState<{ id: number; notice: Notice } | null>(null)

  const load = useCallback(async () => {
    const res = await fetchContractors()
    if (res.ok) {
      setItems(res.data.items)
      setBuildings(res.data.buildings)
      setLoadError(null)
    } else if (res.status === 401) redirectToLogin('staff')
    else setLoadError(res.message)
  }, [])

  useEffect(() => {
    if (!getStaffSession()) return redirectToLogin('staff')
    void load()
  }, [load])

  /** Creates (id null) or updates; true when saved. */
  const save = useCallback(
    async (id: number | null, body: ContractorCreateRequest): Promise<boolean> => {
      setBusy(`save:${id ?? 0}`)
      const res = id === null ? await createContractor(body) : await updateContractor(id, body)
      setBusy(null)
      if (!res.ok) {
        setNotice({ id: id ?? 0, notice: { kind: 'error', text: res.message } })
        return false
      }
      setNotice({ id: res.data.id, notice: { kind: 'ok', text: id === null ? '已添加' : '已保存' } })
      await load()
      return true
    },
    [load]
  )

  const setActive = useCallback(
    async (c: Contractor, active: boolean) => {
      setBusy(`active:${c.id}`)
      const res = await updateContractor(c.id, { active })
      setBusy(null)
      setNotice({ id: c.id, notice: res.ok ? { kind: 'ok', text: active ? '已启用' : '已停用' } : { kind: 'error', text: res.message } })
      if (res.ok) await load()
    },
    [load]
  )

  const assign = useCallback(
    async (c: Contractor, body: ContractorBatchAssignRequest) => {
      setBusy(`assign:${c.id}`)
      const res = await assignBatch(c.id, body)
      setBusy(null)
      setNotice({
        id: c.id,
        notice: res.ok
          ? { kind: 'ok', text: res.data.assigned ? `已派给「${c.name}」${res.data.assigned} 项` : '没有符合条件的未派单问题' }
          : { kind: 'error', text: res.message }
      })
      if (res.ok) await load()
    },
    [load]
  )

  const notice_ = useCallback(async (c: Contractor) => {
    setBusy(`pdf:${c.id}`)
    const res = await openPdf(contractorNoticePdf(c.id), {}, `整改通知单-${c.name}.pdf`)
    setBusy(null)
    if (!res.ok && res.status === 401) return redirectToLogin('staff')
    setNotice({ id: c.id, notice: res.ok ? { kind: 'ok', text: '整改通知单已生成，已打开' } : { kind: 'error', text: res.message } })
  }, [])

  return { items, buildings, loadError, busy, notice, save, setActive, assign, openNotice: notice_ }
}
