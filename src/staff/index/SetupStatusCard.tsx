import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { SetupStatus } from '../../../types'
import { fetchSetupStatus } from '../../api/setup'
import { InlineError } from '../../components/InlineError'
import './SetupStatusCard.scss'

/** 上线准备 (manager home): the set-up items still missing, each a tap to the page that fixes it. */
export function SetupStatusCard() {
  const [status, setStatus] = useState<SetupStatus | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let alive = true
    void fetchSetupStatus().then((r) => {
      if (!alive) return
      if (r.ok) setStatus(r.data)
      else setError(r.message)
    })
    return () => {
      alive = false
    }
  }, [])
  const missing = status?.items.filter((i) => !i.done) ?? []
  return (
    <View className='staff__card golive' data-testid='setup-status'>
      <Text className='staff__subtitle'>上线准备</Text>
      <InlineError message={error} />
      {status?.ready && <Text className='golive__ready'>已可发放入伙通知书</Text>}
      {status && !status.ready && (
        <>
          <Text className='staff__muted'>{`还有 ${missing.length} 项未完成，完成后即可发放入伙通知书：`}</Text>
          <View role='list'>
            {missing.map((i) => (
              <View key={i.key} role='listitem' className='golive__item' data-testid='setup-status-item' onClick={() => void Taro.navigateTo({ url: i.url })}>
                <Text className='golive__title'>{i.title}</Text>
                <Text className='golive__hint'>{i.hint}</Text>
              </View>
            ))}
          </View>
        </>
      )}
    </View>
  )
}
