import { Text, View } from '@tarojs/components'
import type { PickedFile } from '../../utils/files'
import { checkSheetFile } from './sheetFile'

/**
 * H5: a real <input type=file> inside its label (one label, the whole row is the target),
 * so a browser test can set files on `data-testid=import-file`.
 */
export function FilePicker({ onPicked, disabled, picked }: { onPicked: (r: { file: PickedFile } | { message: string }) => void; disabled?: boolean; picked?: boolean }) {
  return (
    <View className='import__picker'>
      <label className='import__picker-label'>
        <Text className='import__picker-text'>{picked ? '更换名单文件' : '选择名单文件'}</Text>
        <Text className='import__picker-hint'>.xlsx 或 .csv，不超过 10 MB</Text>
        <input
          className='import__picker-input'
          type='file'
          accept='.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'
          data-testid='import-file'
          disabled={disabled}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement
            const f = input.files?.[0]
            if (!f) return
            const picked = { name: f.name, size: f.size, file: f }
            const problem = checkSheetFile(picked)
            onPicked(problem ? { message: problem } : { file: picked })
            // choosing the same (corrected) file again must fire change again
            input.value = ''
          }}
        />
      </label>
    </View>
  )
}
