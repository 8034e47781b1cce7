import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { Alert, AlertList, StaffRole } from '../../../types'
import { InlineError } from '../../components/InlineError'
import { ackAlert, fetchAlerts } from '../../api/alerts'
import { houseHistoryUrl } from '../../api/history'
import { useRemote } from '../../hooks/useRemote'
import { getStaffSession, redirectToLogin } from '../../stores/session'
import { formatDateTime } from '../../utils/time'
import { STAFF_ROLE_LABELS } from '../roles'
import '../staff.scss'
import './alerts.scss'
import { withPage } from '../../components/Page'

/** Roles the 房屋档案 API lets in (server/src/modules/history/routes.ts): others get no link. */
const HOUSE_PAGE_ROLES: readonly StaffRole[] = ['reception', 'reviewer', 'manager']

const roleLabel = (role: string) => STAFF_ROLE_LABELS[role as StaffRole] ?? role

/** Puts the server's answer for one alert in place and recounts the unacknowledged. */
function withAcked(list: AlertList, acked: Alert): AlertList {
  const items = list.items.map((a) => (a.id === acked.id ? acked : a))
  return { ...list, items, unackedCount: items.filter((a) => !a.resolvedAt && !a.ackedAt).length }
}

/**
 * staff/alerts: 风险预警, the open SLA alerts of the staff member's role (a manager sees all),
 * oldest first. 已知悉 marks one as seen; it stays listed until the breach itself ends.
 * The house label is part of each alert's title or body (the server writes it there).
 */
function AlertsPage() {
  // the scheduler raises alerts on its own: look again every minute while the page is open
  const { state, reload, set } = useRemote(() => fetchAlerts('open'), 'staff', 60_000)
  const [busy, setBusy] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const role = getStaffSession()?.user.role
  const canOpenHouse = role !== undefined && HOUSE_PAGE_ROLES.includes(role)

  if (state.phase === 'loading') return <View className='staff' aria-busy='true'><Text className='alerts__count'>正在加载…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='staff'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>重新加载</Button>
      </View>
    )
  }
  const list = state.data

  const ack = async (id: number) => {
    setBusy(id)
    setError(null)
    const res = await ackAlert(id)
    setBusy(null)
    if (res.ok) return set(withAcked(list, res.data))
    if (res.status === 401) return redirectToLogin('staff')
    setError(res.message)
  }

  return (
    <View className='staff'>
      <View className='staff__card'>
        <Text className='staff__title'>风险预警</Text>
        {list.items.length === 0 ? (
          <Text className='alerts__empty' data-testid='alerts-empty'>目前没有待处理的预警，各项办理都在时限内。</Text>
        ) : (
          <Text className='alerts__count'>{`待处理 ${list.openCount} 条，其中 ${list.unackedCount} 条尚未知悉`}</Text>
        )}
        <InlineError message={error} />
      </View>
      <View role='list'>
        {list.items.map((a) => (
          <View key={a.id} role='listitem' className={`staff__card alerts__item${a.ackedAt ? ' alerts__item--acked' : ''}`} data-testid='alert-item'>
            <Text className='alerts__title'>{a.title}</Text>
            <Text className='alerts__body'>{a.body}</Text>
            <Text className='alerts__meta'>{`预警时间：${formatDateTime(a.createdAt)}`}</Text>
            <Text className='alerts__meta'>{`负责岗位：${roleLabel(a.responsibleRole)}`}</Text>
            {a.ackedAt && <Text className='alerts__acked'>{`已知悉（${formatDateTime(a.ackedAt)}），待处理完成后自动消除`}</Text>}
            {(!a.ackedAt || (canOpenHouse && a.houseId !== null)) && (
              <View className='alerts__actions'>
                {!a.ackedAt && (
                  <Button className='alerts__ack' type='primary' loading={busy === a.id} disabled={busy !== null} onClick={() => void ack(a.id)}>
                    已知悉
                  </Button>
                )}
                {canOpenHouse && a.houseId !== null && (
                  <View className='alerts__house' role='link' onClick={() => void Taro.navigateTo({ url: houseHistoryUrl(a.houseId as number) })}>
                    <Text>查看房屋档案 ›</Text>
                  </View>
                )}
              </View>
            )}
          </View>
        ))}
      </View>
    </View>
  )
}

export default withPage(AlertsPage)
