import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PAGES } from '../../routes'
import { leaveGuarded, mayLeave } from '../../utils/leave-guard'

interface ChromeProps {
  title: string
  root: boolean
  care: boolean
}

/** Where back goes when the page was opened directly (a link, a reload): that side's home. */
function homeOf(path: string): string {
  if (path.includes('staff/login')) return PAGES.entry
  if (path.startsWith('/staff/') || path.startsWith('staff/')) return PAGES.staffHome
  if (path.startsWith('/manager/') || path.startsWith('manager/')) return '/manager/index/index'
  return PAGES.home
}

function currentPath(): string {
  const hash = typeof location !== 'undefined' ? location.hash.replace(/^#/, '') : ''
  return hash.split('?')[0] || ''
}

export function goBack(): void {
  // a page with something not yet done (e.g. pages not submitted) asks first
  if (leaveGuarded()) {
    void mayLeave().then((ok) => ok && back())
    return
  }
  back()
}

function back(): void {
  const depth = Taro.getCurrentPages().length
  if (depth > 1) {
    void Taro.navigateBack({ delta: 1 })
    return
  }
  void Taro.reLaunch({ url: homeOf(currentPath()) })
}

/** H5 has no WeChat bar: the page title and a back arrow, sticky at the top. */
export function PageChrome({ title, root }: ChromeProps) {
  if (root && !title) return null
  return (
    <View className={`anjia-titlebar${root ? ' anjia-titlebar--root' : ''}`} data-testid='titlebar'>
      {!root && (
        <View className='anjia-titlebar__back' role='button' aria-label='返回' onClick={goBack}>
          <Text className='anjia-titlebar__arrow' aria-hidden='true'>
            ‹
          </Text>
          <Text className='anjia-titlebar__back-text'>返回</Text>
        </View>
      )}
      {title && (
        <View className='anjia-titlebar__title' role='heading' aria-level={1}>
          <Text>{title}</Text>
        </View>
      )}
    </View>
  )
}
