import { useEffect, useRef, useState } from 'react'
import type { Hall } from '../../types'
import { fetchHall } from '../api/checkin'
import { speak, unlockSpeech } from '../utils/speak-call'
import { useRemote } from './useRemote'

export const HALL_POLL_MS = 3_000

export function callText(queueNo: number, windowNo: number): string {
  return `请 ${queueNo} 号到 ${windowNo} 号窗口办理`
}

/**
 * The hall TV: polls every 3 s and, once speech is switched on, says each NEW call once.
 * A call is identified by number + window + time, so a re-call of the same number speaks again
 * but the next poll of the same list does not.
 */
export function useHall() {
  const remote = useRemote(() => fetchHall(), 'staff', HALL_POLL_MS)
  const [voice, setVoice] = useState(false)
  const spoken = useRef<Set<string> | null>(null)
  const data: Hall | null = remote.state.phase === 'ready' ? remote.state.data : null

  useEffect(() => {
    if (!data) return
    const keys = data.called.map((c) => `${c.queueNo}|${c.windowNo}|${c.calledAt}`)
    // the first list seen is history: the screen was switched on after those calls
    if (spoken.current === null) {
      spoken.current = new Set(keys)
      return
    }
    const fresh = data.called.filter((_, i) => !spoken.current!.has(keys[i]))
    keys.forEach((k) => spoken.current!.add(k))
    if (!voice) return
    // oldest first, the order they were called in
    ;[...fresh].reverse().forEach((c) => speak(callText(c.queueNo, c.windowNo)))
  }, [data, voice])

  const enableVoice = () => {
    setVoice(unlockSpeech())
  }
  return { state: remote.state, reload: remote.reload, voice, enableVoice }
}
