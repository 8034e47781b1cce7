import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import './index.scss'

export interface ScanButtonProps {
  /** the decoded text of the first QR code seen */
  onCode: (text: string) => void
  disabled?: boolean
}

/** weapp: WeChat's own scanner (camera only: a photo from the album could be an old screenshot). */
export function ScanButton({ onCode, disabled }: ScanButtonProps) {
  const [error, setError] = useState<string | null>(null)
  const scan = async () => {
    setError(null)
    try {
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      if (res.result) onCode(res.result)
    } catch (err) {
      const msg = String((err as { errMsg?: string })?.errMsg ?? '')
      // closing the scanner is no error
      if (!msg.includes('cancel')) setError('无法扫码：请允许使用摄像头，或改用数字签到码 / 房号签到')
    }
  }
  return (
    <View className='scan-button'>
      <Button block type='primary' size='large' disabled={disabled} onClick={() => void scan()}>
        扫码签到
      </Button>
      {error && (
        <View role='alert'>
          <Text className='scan-button__error'>{error}</Text>
        </View>
      )}
    </View>
  )
}
