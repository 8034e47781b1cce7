import { useCallback } from 'react'
import type { HouseHistory } from '../../../types'
import { fetchHouseHistory } from '../../api/history'
import { useRemote } from '../../hooks/useRemote'
import { networkFailure } from '../../api/client'

/** Loads one house's history; a missing or bad houseId is a 404-like message, not a request. */
export function useHouseHistory(houseId: number) {
  const load = useCallback(
    async () =>
      Number.isInteger(houseId) && houseId > 0
        ? fetchHouseHistory(houseId)
        : { ...networkFailure(), status: 404, code: 'NOT_FOUND' as const, message: '未指定房屋' },
    [houseId]
  )
  return useRemote<HouseHistory>(load, 'staff')
}
