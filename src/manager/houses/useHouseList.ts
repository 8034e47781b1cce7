import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { HouseLookupItem, HouseLookupQuery, InvitationResponse, Stage } from '../../../types'
import { listHouses, reissueInvitation, NOTICES_PDF } from '../../api/notices'
import { getStaffSession, redirectToLogin } from '../../stores/session'
import { printPdf } from '../print'

export const PAGE_SIZE = 20

export interface HouseFilters {
  building?: string
  batch?: string
  stage?: Stage
}

export type ListState =
  | { phase: 'loading' }
  | { phase: 'ready'; total: number; items: HouseLookupItem[]; buildings: string[]; batches: string[] }
  | { phase: 'error'; message: string }

/** manager/houses: the whole community, filtered and paged, with the per-house notice actions. */
export function useHouseList() {
  const [filters, setFilters] = useState<HouseFilters>({})
  const [page, setPage] = useState(1)
  const [state, setState] = useState<ListState>({ phase: 'loading' })
  const [choices, setChoices] = useState<{ buildings: string[]; batches: string[] }>({ buildings: [], batches: [] })
  const [busy, setBusy] = useState<{ houseId: number; action: 'print' | 'reissue' } | null>(null)
  const [rowError, setRowError] = useState<{ houseId: number; message: string } | null>(null)
  const [reissued, setReissued] = useState<InvitationResponse | null>(null)
  const seq = useRef(0)

  const load = useCallback(async (f: HouseFilters, p: number) => {
    if (!getStaffSession()) return redirectToLogin('staff')
    const mine = ++seq.current
    setState({ phase: 'loading' })
    const query: HouseLookupQuery = { ...f, page: p, pageSize: PAGE_SIZE }
    const res = await listHouses(query)
    if (mine !== seq.current) return
    if (!res.ok) {
      if (res.status === 401) return redirectToLogin('staff')
      setState({ phase: 'error', message: res.message })
      return
    }
    setChoices({ buildings: res.data.buildings, batches: res.data.batches })
    setState({ phase: 'ready', total: res.data.total, items: res.data.items, buildings: res.data.buildings, batches: res.data.batches })
  }, [])

  useEffect(() => {
    void load(filters, page)
  }, [filters, page, load])

  const setFilter = useCallback((patch: HouseFilters) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPage(1)
  }, [])

  const print = useCallback(async (h: HouseLookupItem) => {
    setBusy({ houseId: h.houseId, action: 'print' })
    setRowError(null)
    const r = await printPdf(NOTICES_PDF, { houseIds: String(h.houseId) }, `入伙通知书-${h.label}.pdf`)
    setBusy(null)
    if (!r.ok) {
      const failed = r.failed.map((f) => `${f.label}：${f.message}`).join('；')
      setRowError({ houseId: h.houseId, message: failed || r.error.message })
    }
  }, [])

  const reissue = useCallback(async (h: HouseLookupItem) => {
    const answer = await Taro.showModal({
      title: '补发二维码',
      content: `将为 ${h.label} 生成新的二维码，原通知书上的二维码立即失效（已登录的业主不受影响）。确定补发吗？`,
      confirmText: '补发',
      cancelText: '取消'
    })
    if (!answer.confirm) return
    setBusy({ houseId: h.houseId, action: 'reissue' })
    setRowError(null)
    const res = await reissueInvitation(h.houseId)
    setBusy(null)
    if (!res.ok) {
      if (res.status === 401) return redirectToLogin('staff')
      setRowError({ houseId: h.houseId, message: res.message })
      return
    }
    setReissued(res.data)
  }, [])

  return { filters, setFilter, page, setPage, state, choices, busy, rowError, reissued, dismissReissued: () => setReissued(null), print, reissue }
}
