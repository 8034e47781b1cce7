import { Text, View } from '@tarojs/components'
import './index.scss'

export interface EntryHelpProps {
  /** why we ended up here */
  reason: 'no-scene' | 'not-found'
  message?: string
}

/** Shown when the page was opened without a QR code, or the code is unknown. */
export function EntryHelp({ reason, message }: EntryHelpProps) {
  return (
    <View className='entry-help' data-testid='entry-help'>
      <Text className='entry-help__title'>
        {reason === 'no-scene' ? '请扫描入伙通知书上的二维码' : '未找到这张二维码对应的房屋'}
      </Text>
      {message && <Text className='entry-help__message'>{message}</Text>}
      <Text className='entry-help__text'>
        每套房屋的《入伙通知书》上印有专属二维码。请用微信扫一扫（或手机相机）扫描该二维码，进入后核验业主身份即可线上办理入伙。
      </Text>
      <View className='entry-help__steps'>
        <Text className='entry-help__subtitle'>需要帮助？</Text>
        <Text className='entry-help__step'>1. 找不到通知书：请联系小区物业服务中心补发，或在小区公告栏扫描入伙海报上的二维码。</Text>
        <Text className='entry-help__step'>2. 扫码后提示无效：通知书可能已更新，请以最新一份为准，或携带身份证到物业服务中心办理。</Text>
        <Text className='entry-help__step'>3. 代他人办理：扫描业主的通知书二维码，核验时打开“我是受托人（代办）”。</Text>
      </View>
    </View>
  )
}

export default EntryHelp
