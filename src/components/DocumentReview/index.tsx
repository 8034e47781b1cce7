import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ReviewCase } from '../../../types'
import { AuthPhoto } from '../Inspection/AuthPhoto'
import { InlineError } from '../InlineError'
import { DOCUMENT_STATUS_LABELS } from '../DocumentItem'
import { openProtectedFile } from '../DocumentItem/openFile'
import { formatSize } from '../../utils/files'
import { DocumentViewer, type ViewerImage } from './DocumentViewer'
import '../DocumentItem/index.scss'
import './index.scss'

type ReviewItem = ReviewCase['items'][number]

export interface DocumentReviewItemProps {
  item: ReviewItem
  reasons: string[]
  busy: boolean
  onDecide: (decision: 'approve' | 'reject', reason?: string) => Promise<boolean>
}

/** One item for the reviewer: pages (photo viewer / PDF), approve, or reject with a reason. */
export function DocumentReviewItem({ item, reasons, busy, onDecide }: DocumentReviewItemProps) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [localError, setLocalError] = useState<string | null>(null)
  const reviewable = item.status === 'submitted'
  const [viewing, setViewing] = useState<ViewerImage | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const openPdf = async (url: string) => {
    setFileError(await openProtectedFile(url, 'staff'))
  }

  const reject = async () => {
    if (!reason.trim()) return setLocalError('请选择或填写驳回原因')
    setLocalError(null)
    if (await onDecide('reject', reason.trim())) {
      setRejecting(false)
      setReason('')
    }
  }

  return (
    <View className={`doc-item doc-item--${item.status}`} data-testid={`review-item-${item.code}`}>
      {viewing && <DocumentViewer image={viewing} onClose={() => setViewing(null)} />}
      <View className='doc-item__head'>
        <Text className='doc-item__title'>{item.title}</Text>
        <Text className={`doc-item__req${item.required ? ' doc-item__req--required' : ''}`}>{item.required ? '必交' : '选交'}</Text>
        <Text className={`doc-item__status doc-item__status--${item.status}`}>{DOCUMENT_STATUS_LABELS[item.status]}</Text>
      </View>
      {item.status === 'rejected' && item.reason && <Text className='doc-item__desc'>{`上次驳回：${item.reason}`}</Text>}
      {item.pages.length === 0 ? (
        <Text className='doc-item__desc'>未上传</Text>
      ) : (
        <View className='doc-item__pages review__pages' role='list'>
          {item.pages.map((p) => {
            const label = `${item.title}第 ${p.page} 页`
            return (
              <View key={p.id} role='listitem' className='doc-item__page review__page' data-testid='review-page'>
                {p.mime === 'application/pdf' ? (
                  <>
                    <View className='doc-item__pdf'>
                      <Text className='doc-item__pdf-text'>PDF</Text>
                      <Text className='doc-item__pdf-size'>{formatSize(p.size)}</Text>
                    </View>
                    {/* a PDF opens in the system's PDF viewer: said on the button, not a surprise tab */}
                    <Button className='review__pdf-open' size='small' fill='outline' onClick={() => void openPdf(p.url)} aria-label={`打开 PDF：${label}`}>
                      打开 PDF
                    </Button>
                  </>
                ) : (
                  <AuthPhoto url={p.url} auth='staff' label={label} onOpen={(src) => setViewing({ src, label })} />
                )}
                <Text className='doc-item__page-no'>{p.mime === 'application/pdf' ? `第 ${p.page} 页` : `第 ${p.page} 页 · 点按查看`}</Text>
              </View>
            )
          })}
        </View>
      )}
      <InlineError message={fileError} />

      {reviewable && !rejecting && (
        <View className='doc-item__actions'>
          <Button size='small' type='primary' loading={busy} disabled={busy} onClick={() => void onDecide('approve')} aria-label={`通过${item.title}`}>
            通过
          </Button>
          <Button size='small' type='danger' fill='outline' disabled={busy} onClick={() => setRejecting(true)} aria-label={`驳回${item.title}`}>
            驳回
          </Button>
        </View>
      )}
      {reviewable && rejecting && (
        <View className='review__reject'>
          <Text className='doc-item__desc'>选择常用原因或填写说明（业主会看到）：</Text>
          <View className='review__chips' role='list'>
            {reasons.map((r) => (
              <View key={r} role='button' aria-pressed={reason === r ? 'true' : 'false'} className={`review__chip${reason === r ? ' review__chip--on' : ''}`} onClick={() => setReason(r)}>
                <Text>{r}</Text>
              </View>
            ))}
          </View>
          <Textarea
            className='review__textarea'
            value={reason}
            maxlength={200}
            placeholder='驳回原因'
            aria-label='驳回原因'
            onInput={(e) => setReason(e.detail.value)}
          />
          <InlineError message={localError} />
          <View className='doc-item__actions'>
            <Button size='small' type='danger' loading={busy} disabled={busy} onClick={() => void reject()}>
              确认驳回
            </Button>
            <Button size='small' fill='outline' disabled={busy} onClick={() => setRejecting(false)}>
              取消
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}

/** "3 小时 20 分" from minutes. */
export function formatWaiting(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h >= 24) return `${Math.floor(h / 24)} 天 ${h % 24} 小时`
  return h > 0 ? `${h} 小时 ${m} 分` : `${m} 分钟`
}
