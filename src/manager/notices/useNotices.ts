import { useCallback, useEffect, useState } from 'react'
import type { NoticeQuery, WxacodeFailure } from '../../../types'
import { listHouses, NOTICES_PDF, STICKERS_PDF } from '../../api/notices'
import { getStaffSession, redirectToLogin } from '../../stores/session'
import { printPdf } from '../print'

export type Scope = { by: 'building' | 'batch'; value: string }

export type PrintState =
  | { phase: 'idle' }
  | { phase: 'working'; kind: 'notices' | 'stickers' }
  | { phase: 'done'; kind: 'notices' | 'stickers'; url: string; bytes: number; generated: number }
  | { phase: 'error'; message: string; failed: WxacodeFailure[] }

/** manager/notices: choose a building or a batch, then open the notices or the sticker sheet. */
export function useNotices() {
  const [choices, setChoices] = useState<{ buildings: string[]; batches: string[]; total: number } | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [scope, setScope] = useState<Scope | null>(null)
  const [count, setCount] = useState<number | null>(null)
  const [print, setPrint] = useState<PrintState>({ phase: 'idle' })

  useEffect(() => {
    if (!getStaffSession()) return redirectToLogin('staff')
    void listHouses({ pageSize: 1 }).then((res) => {
      if (!res.ok) {
        if (res.status === 401) return redirectToLogin('staff')
        setLoadError(res.message)
        return
      }
      setChoices({ buildings: res.data.buildings, batches: res.data.batches, total: res.data.total })
      if (res.data.buildings[0]) setScope({ by: 'building', value: res.data.buildings[0] })
    })
  }, [])

  // how many pages the chosen scope will print
  useEffect(() => {
    if (!scope) return
    setCount(null)
    let live = true
    void listHouses({ [scope.by]: scope.value, pageSize: 1 }).then((res) => {
      if (live && res.ok) setCount(res.data.total)
    })
    return () => {
      live = false
    }
  }, [scope])

  const run = useCallback(
    async (kind: 'notices' | 'stickers') => {
      if (!scope) return
      const q: NoticeQuery = { [scope.by]: scope.value }
      setPrint({ phase: 'working', kind })
      const name = `${kind === 'notices' ? '入伙通知书' : '二维码贴纸'}-${scope.value}.pdf`
      const r = await printPdf(kind === 'notices' ? NOTICES_PDF : STICKERS_PDF, q, name)
      if (r.ok) setPrint({ phase: 'done', kind, url: r.pdf.url, bytes: r.pdf.bytes, generated: r.generated })
      else {
        if (r.error.status === 401) return redirectToLogin('staff')
        setPrint({ phase: 'error', message: r.failed.length ? '以下房屋的小程序码生成失败，请处理后重新生成：' : r.error.message, failed: r.failed })
      }
    },
    [scope]
  )

  return { choices, loadError, scope, setScope, count, print, run }
}
