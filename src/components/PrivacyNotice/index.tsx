import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import './index.scss'

// Taro's Text props omit `role`; it still reaches the DOM (H5) and is harmless on weapp
const BUTTON_ROLE = { role: 'button' } as Record<string, string>

/**
 * The PIPL line under the verification form and the text it links to, shown inline so it
 * works the same in the mini-program and on H5.
 */
export function PrivacyNotice() {
  const [open, setOpen] = useState(false)
  return (
    <View className='privacy'>
      <Text className='privacy__line'>
        提交即表示您同意我们按照
        <Text
          className='privacy__link'
          {...BUTTON_ROLE}
          aria-expanded={open ? 'true' : 'false'}
          aria-label='查看《个人信息保护说明》'
          onClick={() => setOpen(!open)}
        >
          《个人信息保护说明》
        </Text>
        处理您的姓名和身份证号，仅用于核验业主身份。
      </Text>
      {open && (
        <View className='privacy__text' data-testid='privacy-text'>
          <Text className='privacy__title'>个人信息保护说明</Text>
          <Text className='privacy__para'>
            1. 处理目的：核验您是否为本房屋的备案业主（或其受托人），并为您办理入伙手续。
          </Text>
          <Text className='privacy__para'>
            2. 处理的信息：业主姓名、身份证号后 6 位；受托人代办时另需受托人姓名、身份证号及委托书。身份证号属于敏感个人信息。
          </Text>
          <Text className='privacy__para'>
            3. 保护措施：身份证号加密存储，页面与工作人员端只显示部分号码，所有查阅均留有记录，不用于其他用途，不向第三方提供。
          </Text>
          <Text className='privacy__para'>
            4. 保存期限：上传的资料在入伙完成后按小区规定的期限删除。
          </Text>
          <Text className='privacy__para'>
            5. 您的权利：可向物业服务中心查询、更正或要求删除您的个人信息，或撤回同意（撤回后将无法线上办理）。
          </Text>
        </View>
      )}
    </View>
  )
}

export default PrivacyNotice
