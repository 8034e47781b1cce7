import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { useMessages } from '../../hooks/useMessages'
import { askSubscriptions, prepareSubscriptions, SUBSCRIPTIONS_SUPPORTED } from '../../hooks/subscribe'
import { formatDateTime } from '../../utils/time'
import './index.scss'
import { withPage } from '../../components/Page'

/** owner/messages: the message centre (unread dots, mark all read, WeChat reminders). */
function MessagesPage() {
  const { state, error, reload, loadMore, markRead, markAll } = useMessages()
  const [subscribed, setSubscribed] = useState<string | null>(null)

  useEffect(() => {
    void prepareSubscriptions()
  }, [])

  if (state.phase === 'loading') {
    return (
      <View className='messages' aria-busy='true'>
        <Text className='messages__muted'>正在读取消息…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='messages'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const open = (id: number, link: string | null) => {
    void markRead(id)
    if (link) void Taro.navigateTo({ url: link }).catch(() => Taro.reLaunch({ url: link }).catch(() => undefined))
  }

  const subscribe = () => {
    void askSubscriptions().then((n) => setSubscribed(n > 0 ? '已开启微信提醒，审核结果和办理进度会通过服务通知发给您。' : '未开启微信提醒，您仍可在这里查看全部消息。'))
  }

  return (
    <View className='messages'>
      <View className='messages__head'>
        <Text className='messages__title'>{state.unread > 0 ? `${state.unread} 条未读` : '没有未读消息'}</Text>
        <Button size='small' fill='outline' disabled={state.unread === 0} onClick={() => void markAll()} aria-label='全部标为已读'>
          全部已读
        </Button>
      </View>
      {SUBSCRIPTIONS_SUPPORTED && (
        <View className='messages__subscribe'>
          <Text className='messages__muted'>开启微信提醒，审核结果、预约提醒第一时间通知您。</Text>
          <Button size='small' type='primary' onClick={subscribe} aria-label='开启微信提醒'>
            开启提醒
          </Button>
        </View>
      )}
      {subscribed && <Text className='messages__muted'>{subscribed}</Text>}
      <InlineError message={error} />

      {state.items.length === 0 ? (
        <View className='messages__empty'>
          <Text className='messages__muted'>暂无消息。资料审核结果、办理进度变化都会显示在这里。</Text>
        </View>
      ) : (
        <View role='list' aria-label='消息列表'>
          {state.items.map((n) => (
            <View
              key={n.id}
              role='listitem'
              className={`messages__item${n.readAt ? '' : ' messages__item--unread'}`}
              data-testid='message-item'
              aria-label={`${n.readAt ? '' : '未读，'}${n.title}`}
              onClick={() => open(n.id, n.link)}
            >
              <View className='messages__row'>
                {!n.readAt && <View className='messages__dot' aria-hidden='true' />}
                <Text className='messages__item-title'>{n.title}</Text>
              </View>
              {/* a merged message (several reviews, or an event and the stage it opened) has one line each */}
              {n.body.split('\n').map((line, i) => (
                <Text key={i} className={`messages__body${line.startsWith('同时：') ? ' messages__body--also' : ''}`}>
                  {line}
                </Text>
              ))}
              <Text className='messages__time'>{formatDateTime(n.createdAt)}</Text>
            </View>
          ))}
        </View>
      )}
      {state.items.length < state.total && (
        <Button block fill='outline' onClick={() => void loadMore()}>
          加载更多
        </Button>
      )}
    </View>
  )
}

export default withPage(MessagesPage)
