import { useSyncExternalStore } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { agreePrivacy, openPrivacyContract, privacyDialogOpen, refusePrivacy, subscribePrivacyDialog } from '../../utils/privacy'
import './index.scss'

const AGREE_ID = 'anjia-privacy-agree'

/**
 * Our answer to wx.onNeedPrivacyAuthorization: shown when a picker (camera, album, chat
 * file) needs the user's consent to the privacy guide. Agreeing goes through WeChat's own
 * open-type button, the only way the consent counts.
 */
export function PrivacyDialog() {
  const open = useSyncExternalStore(subscribePrivacyDialog, privacyDialogOpen, privacyDialogOpen)
  if (!open) return null
  return (
    <View className='privacy-dialog' data-testid='privacy-dialog'>
      <View className='privacy-dialog__mask' />
      <View className='privacy-dialog__box' role='dialog' aria-label='隐私保护提示'>
        <Text className='privacy-dialog__title'>隐私保护提示</Text>
        <Text className='privacy-dialog__text'>
          上传资料需要使用相机、相册或聊天文件。请先阅读并同意
          <Text className='privacy-dialog__link' onClick={openPrivacyContract}>
            《隐私保护指引》
          </Text>
          ，我们只用这些文件为您办理入伙。
        </Text>
        <View className='privacy-dialog__actions'>
          <Button className='privacy-dialog__refuse' onClick={refusePrivacy}>
            不同意
          </Button>
          <Button
            id={AGREE_ID}
            className='privacy-dialog__agree'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => agreePrivacy(AGREE_ID)}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  )
}

export default PrivacyDialog
