import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MANAGER_PAGES } from '../pages'
import '../manager.scss'
import { withPage } from '../../components/Page'

/** manager/index: everything a property manager sets up before and during move-in. */
function ManagerHomePage() {
  return (
    <View className='manager'>
      <View className='manager__card'>
        <Text className='manager__title'>小区管理</Text>
        <Text className='manager__muted'>上线前依次完成：小区设置、导入业主名单、打印入伙通知书。</Text>
      </View>
      <View className='manager__card'>
        <View className='manager__links' role='list'>
          {MANAGER_PAGES.map((p) => (
            <View
              key={p.url}
              role='listitem'
              className='manager__link'
              onClick={() => void Taro.navigateTo({ url: p.url })}
            >
              <Text className='manager__link-title'>{p.title}</Text>
              <Text className='manager__link-desc'>{p.description}</Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  )
}

export default withPage(ManagerHomePage, { root: true })
