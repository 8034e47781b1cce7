import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { PickedFile } from '../../utils/files'
import { checkSheetFile } from './sheetFile'

/** weapp: the list arrives in a chat (the developer sends it), so chooseMessageFile. */
export function FilePicker({ onPicked, disabled, picked }: { onPicked: (r: { file: PickedFile } | { message: string }) => void; disabled?: boolean; picked?: boolean }) {
  const pick = async () => {
    try {
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx', 'csv'] })
      const f = res.tempFiles[0]
      if (!f) return
      const picked = { name: f.name, size: f.size, path: f.path }
      const problem = checkSheetFile(picked)
      onPicked(problem ? { message: problem } : { file: picked })
    } catch (err) {
      const msg = String((err as { errMsg?: string })?.errMsg ?? err)
      if (/cancel/i.test(msg)) return
      onPicked({ message: /privacy/i.test(msg) ? '需要先同意《用户隐私保护指引》才能选择文件' : '无法读取所选文件，请重试' })
    }
  }
  return (
    <View className='import__picker'>
      <Button block fill='outline' disabled={disabled} onClick={() => void pick()}>
        {picked ? '更换名单文件（从聊天记录选择）' : '从聊天记录选择名单文件（.xlsx 或 .csv）'}
      </Button>
    </View>
  )
}
