import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import type { InspectionQueueItem } from '../../types'
import { fetchInspectionQueue, startInspection } from '../api/inspections'
import { redirectToLogin } from '../stores/session'

/** The inspector's list of checked-in houses and the start / continue action. */
export function useInspectionQueue() {
  const [items, setItems] = useState<InspectionQueueItem[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [starting, setStarting] = useState<number | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async () => {
    const res = await fetchInspectionQueue()
    if (!alive.current) return
    if (res.ok) {
      setItems(res.data.items)
      setError(null)
    } else if (res.status === 401) redirectToLogin('staff')
    else setError(res.message)
  }, [])

  useDidShow(() => void load())

  const open = useCallback(async (item: InspectionQueueItem) => {
    setError(null)
    let id = item.inspectionId
    if (!id) {
      setStarting(item.caseId)
      const res = await startInspection(item.caseId)
      if (!alive.current) return
      setStarting(null)
      if (!res.ok) return setError(res.message)
      id = res.data.id
    }
    void Taro.navigateTo({ url: `/staff/inspect/index?id=${id}` })
  }, [])

  return { items, error, starting, load, open }
}
