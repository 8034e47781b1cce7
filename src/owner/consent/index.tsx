import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { giveIdPhotoConsent } from '../../api/documents'
import { InlineError } from '../../components/InlineError'
import { redirectToLogin } from '../../stores/session'
import { PAGES } from '../../routes'
import { setPendingPick } from '../documents/pendingPick'
import type { PickSource } from '../../utils/pickFiles'
import './index.scss'
import { withPage } from '../../components/Page'

const SECTIONS: { title: string; text: string }[] = [
  { title: '收集什么', text: '您上传的身份证正反面照片（含姓名、证件号码、住址、有效期等敏感个人信息）。' },
  { title: '为什么收集', text: '仅用于核对入伙办理人身份、与开发商备案的业主信息比对，防止他人冒领钥匙。' },
  { title: '保存多久', text: '照片加密保存，入伙办理完成后按小区规定期限（最长 180 天）删除；证件号码在系统中仅显示部分号码。' },
  { title: '谁能看到', text: '仅物业资料审核人员和经理可以查看，每次查看都会留存记录；不会提供给第三方，也不会用于其他用途。' },
  { title: '您的权利', text: '您可以拒绝授权，改为入伙当天在现场出示身份证原件办理；也可以随时联系物业服务中心查询、更正或删除。' }
]

/** owner/consent: separate PIPL consent before the first ID-card photo. */
function ConsentPage() {
  const { params } = useRouter()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const agree = async () => {
    setSaving(true)
    setError(null)
    const res = await giveIdPhotoConsent()
    setSaving(false)
    if (!res.ok) {
      if (res.status === 401) return redirectToLogin('owner')
      return setError(res.message)
    }
    // back on the documents page the picker opens for the item the owner tapped
    if (params.item) setPendingPick({ item: decodeURIComponent(params.item), source: (params.source as PickSource) || 'album' })
    await Taro.navigateBack().catch(() => Taro.redirectTo({ url: PAGES.documents }))
  }

  const disagree = () => {
    void Taro.showModal({
      title: '未授权',
      content: '您可以先上传其他资料，身份证请在入伙当天携带原件到现场核验。',
      showCancel: false,
      confirmText: '知道了'
    }).then(() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: PAGES.documents })))
  }

  return (
    <View className='consent'>
      <View className='consent__card'>
        <Text className='consent__title'>身份证照片单独授权</Text>
        <Text className='consent__lead'>根据《个人信息保护法》，身份证照片属于敏感个人信息，上传前需要您单独同意。请阅读以下说明：</Text>
        {SECTIONS.map((s) => (
          <View key={s.title} className='consent__section'>
            <Text className='consent__h'>{s.title}</Text>
            <Text className='consent__text'>{s.text}</Text>
          </View>
        ))}
      </View>
      <InlineError message={error} testId='consent-error' />
      <Button type='primary' block loading={saving} disabled={saving} onClick={() => void agree()}>
        同意，继续上传
      </Button>
      <Button className='consent__secondary' block fill='outline' disabled={saving} onClick={disagree}>
        不同意
      </Button>
    </View>
  )
}

export default withPage(ConsentPage)
