import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Badge } from '@nutui/nutui-react-taro'
import type { OwnerMe } from '../../../types'
import { PAGES } from '../../routes'
import './index.scss'

const ROLE_LABELS: Record<OwnerMe['role'], string> = {
  owner: '业主本人',
  delegate: '受托人（代办）'
}

export interface HomeHeaderProps {
  me: OwnerMe
  unread: number
  onLogout: () => void
}

/** The house card at the top of the owner home. */
export function HomeHeader({ me, unread, onLogout }: HomeHeaderProps) {
  return (
    <View className='home-header' data-testid='home-header'>
      <View className='home-header__top'>
        <Text className='home-header__community'>{me.house.communityName}</Text>
        <View
          className='home-header__notice'
          role='button'
          // the name carries what the badge shows (9+), so speech and screen agree
          aria-label={unread > 9 ? `通知，9+ 条未读，共 ${unread} 条` : unread > 0 ? `通知，${unread} 条未读` : '通知，没有未读'}
          onClick={() => void Taro.navigateTo({ url: PAGES.messages })}
        >
          {/* two digits at most (9+) so the count fits its badge; the label says the exact number */}
          <Badge value={unread > 0 ? unread : undefined} max={9}>
            <Text className='home-header__notice-text' aria-hidden='true'>
              通知
            </Text>
          </Badge>
        </View>
      </View>
      <Text className='home-header__house'>{me.house.label}</Text>
      <View className='home-header__meta'>
        <Text className='home-header__role'>{ROLE_LABELS[me.role]}</Text>
        <Text className='home-header__name'>
          {me.role === 'delegate' && me.delegateName ? `代 ${me.ownerName} 办理` : `业主 ${me.ownerName}`}
        </Text>
      </View>
      <View className='home-header__bottom'>
        <Text className='home-header__area'>{`建筑面积 ${me.house.area} m² · ${me.house.batch}`}</Text>
        <View className='home-header__logout' role='button' aria-label='退出登录' onClick={onLogout}>
          <Text>退出登录</Text>
        </View>
      </View>
    </View>
  )
}

export default HomeHeader
