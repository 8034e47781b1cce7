import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { useStaffHome } from '../../hooks/useStaffHome'
import { stageTitle } from '../../../types/stages'
import { houseHistoryUrl } from '../../api/history'
import type { StaffHomeCounts } from '../../../types'
import { HOME_HOUSE_SEARCH, STAFF_MENU, STAFF_ROLE_LABELS, type StaffMenuItem } from '../roles'
import { SetupStatusCard } from './SetupStatusCard'
import '../staff.scss'
import { withPage } from '../../components/Page'

/** "3 户待审" / "无待审" on a tile; null when the role has no such count or it is not loaded. */
export function tileCount(item: StaffMenuItem, counts: StaffHomeCounts | null): { text: string; due: boolean } | null {
  if (!item.count || !counts) return null
  const n = counts[item.count.key]
  if (n === null || n === undefined) return null
  return n > 0 ? { text: `${n} ${item.count.unit}`, due: true } : { text: '暂无待办', due: false }
}

/** staff/index: the staff member's home. */
function StaffHomePage() {
  const { user, loadError, lookup, search, logout, counts } = useStaffHome()
  const [q, setQ] = useState('')

  return (
    <View className='staff'>
      <View className='staff__card' data-testid='staff-header'>
        <View className='staff__head'>
          <Text className='staff__title'>{user ? user.displayName : '工作人员'}</Text>
          {user && <Text className='staff__role'>{STAFF_ROLE_LABELS[user.role]}</Text>}
        </View>
        {user && <Text className='staff__muted'>{user.communityName}</Text>}
        <InlineError message={loadError} />
      </View>

      {user?.role === 'manager' && <SetupStatusCard />}

      {user && (
        <View className='staff__card'>
          <Text className='staff__subtitle'>我的工作</Text>
          <View className='staff__menu' role='list'>
            {STAFF_MENU[user.role].map((item) => {
              const c = tileCount(item, counts)
              return (
                <View
                  key={item.title}
                  role='listitem'
                  className='staff__menu-item'
                  aria-label={c ? `${item.title}，${c.text}` : item.title}
                  data-testid='staff-tile'
                  onClick={() => void Taro.navigateTo({ url: item.url })}
                >
                  <Text className='staff__menu-title'>{item.title}</Text>
                  {c && <Text className={`staff__menu-count${c.due ? ' staff__menu-count--due' : ''}`}>{c.text}</Text>}
                </View>
              )
            })}
          </View>
        </View>
      )}

      {user && HOME_HOUSE_SEARCH[user.role] && (
        <View className='staff__card staff__search' data-testid='house-search'>
          <Text className='staff__subtitle'>查询房屋</Text>
          <Field
            label='房号或业主姓名'
            name='houseQuery'
            value={q}
            onChange={setQ}
            maxLength={32}
            placeholder='例如 1栋2单元1201 或 张三'
            hint='身份证号仅显示部分号码，查询记录会被留存'
          />
          <Button
            type='primary'
            block
            loading={lookup.phase === 'searching'}
            disabled={lookup.phase === 'searching'}
            onClick={() => void search(q)}
          >
            查询
          </Button>
          {lookup.phase === 'error' && <InlineError message={lookup.message} testId='lookup-error' />}
          {lookup.phase === 'done' && lookup.items.length === 0 && (
            <Text className='staff__muted'>{`没有找到与“${lookup.q}”相关的房屋`}</Text>
          )}
          {lookup.phase === 'done' &&
            lookup.items.map((h) => (
              <View
                key={h.houseId}
                className='staff__result'
                data-testid='lookup-item'
                role='button'
                onClick={() => void Taro.navigateTo({ url: houseHistoryUrl(h.houseId) })}
              >
                <Text className='staff__menu-title'>{h.label}</Text>
                <Text className='staff__result-line'>{`业主：${h.ownerName}　证件：${h.ownerIdMasked}`}</Text>
                <Text className='staff__result-line'>
                  {`当前阶段：${stageTitle(h.currentStage)}　${h.verified ? '已核验身份' : '未核验身份'}`}
                </Text>
                <Text className='staff__result-link'>查看房屋档案 ›</Text>
              </View>
            ))}
        </View>
      )}

      <Button className='staff__logout' block fill='outline' onClick={() => void logout()}>
        退出登录
      </Button>
    </View>
  )
}

export default withPage(StaffHomePage, { root: true, careSwitch: true })
