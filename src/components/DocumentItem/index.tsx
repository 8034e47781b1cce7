import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ChecklistEntry, DocumentStatus } from '../../../types'
import { AuthPhoto } from '../Inspection/AuthPhoto'
import { InlineError } from '../InlineError'
import { formatSize } from '../../utils/files'
import type { PickSource } from '../../utils/pickFiles'
import './index.scss'

export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, string> = {
  missing: '待上传',
  submitted: '审核中',
  approved: '已通过',
  rejected: '未通过'
}

/** Pages added but not yet handed in: the checklist reads 未提交, not 待上传. */
export function isUnsubmitted(item: ChecklistEntry): boolean {
  return item.status === 'missing' && item.pages.length > 0
}

/** What the item's status tag says. */
export function documentStatusLabel(item: ChecklistEntry): string {
  return isUnsubmitted(item) ? '未提交' : DOCUMENT_STATUS_LABELS[item.status]
}

const REQUIREMENT_LABELS = { required: '必交', optional: '选交', conditional: '委托办理必交' } as const

export interface DocumentItemProps {
  item: ChecklistEntry
  sources: { source: PickSource; label: string }[]
  /** upload progress of this item (n of total), if uploading */
  progress?: { done: number; total: number } | null
  busy?: boolean
  error?: string | null
  onAdd: (source: PickSource) => void
  onDelete: (uploadId: number) => void
  onSubmit: () => void
  /** opens a page (PDF or full-size photo) */
  onOpen?: (url: string, mime: string) => void
}

/** One checklist item: status, reason, page thumbnails, add / delete / submit. */
export function DocumentItem({ item, sources, progress, busy, error, onAdd, onDelete, onSubmit, onOpen }: DocumentItemProps) {
  const uploading = Boolean(progress)
  const requirement = item.required ? '必交' : REQUIREMENT_LABELS[item.requirement]
  const unsubmitted = isUnsubmitted(item)
  const statusClass = unsubmitted ? 'unsubmitted' : item.status
  return (
    <View className={`doc-item doc-item--${statusClass}`} data-testid={`doc-item-${item.code}`} aria-label={`${item.title}，${documentStatusLabel(item)}`}>
      <View className='doc-item__head'>
        <Text className='doc-item__title'>{item.title}</Text>
        <Text className={`doc-item__req${item.required ? ' doc-item__req--required' : ''}`}>{requirement}</Text>
        <Text className={`doc-item__status doc-item__status--${statusClass}`}>{documentStatusLabel(item)}</Text>
      </View>
      {item.description ? <Text className='doc-item__desc'>{item.description}</Text> : null}

      {item.status === 'rejected' && item.reason && (
        <View className='doc-item__reason' role='alert'>
          <Text className='doc-item__reason-text'>{`未通过原因：${item.reason}`}</Text>
          <Text className='doc-item__reason-hint'>请重新拍摄或上传，新文件将替换未通过的页面，然后再次提交审核。</Text>
        </View>
      )}

      {item.pages.length > 0 && (
        <View className='doc-item__pages' role='list' aria-label={`${item.title}已上传 ${item.pages.length} 页`}>
          {item.pages.map((p) => (
            <View key={p.id} role='listitem' className={`doc-item__page${item.status === 'rejected' && !p.replacement ? ' doc-item__page--old' : ''}`}>
              <View onClick={() => onOpen?.(p.url, p.mime)} aria-label={`查看第 ${p.page} 页`}>
                {p.mime === 'application/pdf' ? (
                  <View className='doc-item__pdf'>
                    <Text className='doc-item__pdf-text'>PDF</Text>
                    <Text className='doc-item__pdf-size'>{formatSize(p.size)}</Text>
                  </View>
                ) : (
                  <AuthPhoto url={p.url} auth='owner' label={`${item.title}第 ${p.page} 页`} />
                )}
              </View>
              <Text className='doc-item__page-no'>{`第 ${p.page} 页${item.status === 'rejected' ? (p.replacement ? '（新）' : '（将被替换）') : ''}`}</Text>
              {item.editable && !(item.status === 'submitted' && item.pages.length <= 1) && (
                <View className='doc-item__delete' role='button' aria-label={`删除第 ${p.page} 页`} onClick={() => !busy && onDelete(p.id)}>
                  <Text className='doc-item__delete-text'>删除</Text>
                </View>
              )}
            </View>
          ))}
        </View>
      )}

      {progress && (
        <View className='doc-item__progress' role='progressbar' aria-valuenow={progress.done} aria-valuemin={0} aria-valuemax={progress.total} aria-label='上传进度'>
          <View className='doc-item__progress-bar' style={{ width: `${Math.round((progress.done / progress.total) * 100)}%` }} />
          <Text className='doc-item__progress-text'>{`正在上传 ${Math.min(progress.done + 1, progress.total)}/${progress.total}…`}</Text>
        </View>
      )}

      <InlineError message={error} testId={`doc-error-${item.code}`} />

      {unsubmitted && item.canSubmit && (
        <View className='doc-item__pending' role='note'>
          <Text className='doc-item__pending-text'>{`已添加 ${item.pages.length} 页，还未提交。请确认无误后点「提交审核」，工作人员才能看到。`}</Text>
        </View>
      )}

      {item.editable && (
        <View className='doc-item__actions'>
          {sources.map((s) => {
            // the accessible name must contain the visible text (WCAG 2.5.3)
            const text = item.status === 'rejected' && s.source !== 'chat' ? `重新${s.label}` : s.label
            return (
              <Button key={s.source} size='small' fill='outline' disabled={uploading || busy} onClick={() => onAdd(s.source)} aria-label={`${item.title}：${text}`}>
                {text}
              </Button>
            )
          })}
          {item.canSubmit && (
            <Button className='doc-item__submit' type='primary' block disabled={uploading || busy} loading={busy} onClick={onSubmit} aria-label={`提交${item.title}审核`}>
              提交审核
            </Button>
          )}
        </View>
      )}
      {item.status === 'submitted' && <Text className='doc-item__muted'>工作人员将在 24 小时内审核，结果会通过消息通知您。</Text>}
    </View>
  )
}

export default DocumentItem
