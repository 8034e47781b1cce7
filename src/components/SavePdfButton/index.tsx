import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { savePdf } from '../../api/pdf'
import { InlineError } from '../InlineError'

export interface SavePdfButtonProps {
  /** owner API path of the PDF */
  path: string
  fileName: string
  /** the visible text, e.g. 保存收据（PDF） */
  label: string
}

/** Saves one of the owner's papers: a download on H5, WeChat's document viewer (with 保存) on weapp. */
export function SavePdfButton({ path, fileName, label }: SavePdfButtonProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const save = async () => {
    setBusy(true)
    setError(null)
    setSaved(false)
    const r = await savePdf(path, fileName)
    setBusy(false)
    if (r.ok) setSaved(true)
    else setError(r.message)
  }
  return (
    <View className='save-pdf' aria-live='polite'>
      <Button block fill='outline' loading={busy} disabled={busy} onClick={() => void save()}>
        {busy ? '正在生成 PDF…' : label}
      </Button>
      {saved && <Text className='onsite__muted'>{`已生成「${fileName}」，可保存到手机或转发。`}</Text>}
      <InlineError message={error} />
    </View>
  )
}

export default SavePdfButton
