import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RepairOrder } from '../../../types'
import type { PickedFile } from '../../utils/files'
import { Field } from '../Field'
import { Chips } from './Chips'
import { DefectCard } from './DefectCard'
import { PhotoPicker } from './PhotoPicker'
import { formatDate } from '../../utils/time'

export interface RepairContractorOption {
  id: number
  name: string
  trades: string[]
}

/** Assigning an open order to a contractor (施工单位): the ones handling its category first. */
function AssignRow({ repair, contractors, busy, onAssign }: { repair: RepairOrder; contractors: RepairContractorOption[]; busy: boolean; onAssign: (id: number) => Promise<string | null> }) {
  const [picking, setPicking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const sorted = [...contractors].sort((a, b) => Number(b.trades.includes(repair.defect.category)) - Number(a.trades.includes(repair.defect.category)))
  const labels = Object.fromEntries(sorted.map((c) => [String(c.id), c.name]))
  if (!picking) {
    return (
      <Button fill='outline' block disabled={busy} onClick={() => setPicking(true)}>
        {repair.contractor ? '改派施工单位' : '派给施工单位'}
      </Button>
    )
  }
  return (
    <View className='insp-form'>
      {sorted.length === 0 ? (
        <Text className='staff__muted'>还没有施工单位，请经理在“施工单位”中添加。</Text>
      ) : (
        <Chips
          label='选择施工单位'
          options={sorted.map((c) => String(c.id))}
          value={repair.contractor ? String(repair.contractor.id) : null}
          labels={labels}
          onChange={(v) => void onAssign(Number(v)).then((e) => (e ? setError(e) : setPicking(false)))}
        />
      )}
      {error && (
        <View className='insp-error' role='alert'>
          {error}
        </View>
      )}
      <Button fill='outline' onClick={() => setPicking(false)}>
        取消
      </Button>
    </View>
  )
}

/** The inspector's verification of a contractor's reported fix: accept, or reject with a reason. */
function VerifyRow({ repair, busy, onVerify }: { repair: RepairOrder; busy: boolean; onVerify: (accept: boolean, reason: string) => Promise<string | null> }) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const run = async (accept: boolean) => {
    if (!accept && !reason.trim()) return setError('请填写退回原因')
    setError(await onVerify(accept, accept ? '' : reason.trim()))
  }
  return (
    <View className='insp-form'>
      <Text className='staff__muted'>施工单位已报告整改完成，请现场查看后验收。</Text>
      {rejecting && <Field label='退回原因' name={`rejectReason${repair.id}`} value={reason} onChange={setReason} maxLength={200} placeholder='例如 闭水试验仍有渗水' />}
      {error && (
        <View className='insp-error' role='alert'>
          {error}
        </View>
      )}
      <View className='insp-form__actions'>
        {rejecting ? (
          <>
            <Button fill='outline' onClick={() => setRejecting(false)}>
              取消
            </Button>
            <Button type='danger' loading={busy} disabled={busy} onClick={() => void run(false)}>
              确认退回
            </Button>
          </>
        ) : (
          <>
            <Button fill='outline' type='danger' disabled={busy} onClick={() => setRejecting(true)}>
              退回重修
            </Button>
            <Button type='primary' loading={busy} disabled={busy} onClick={() => void run(true)}>
              验收通过
            </Button>
          </>
        )}
      </View>
    </View>
  )
}

/**
 * One repair order; open ones can be marked fixed with an after photo (for a contractor, a
 * staff member records its fix: the contractor has no login), assigned to a contractor, and a
 * contractor's reported fix is verified by the inspector.
 */
export function RepairCard({
  repair,
  busy,
  onFixed,
  contractors,
  onAssign,
  onVerify
}: {
  repair: RepairOrder
  busy: boolean
  onFixed: (photo: PickedFile, note: string) => Promise<string | null>
  contractors?: RepairContractorOption[]
  onAssign?: (contractorId: number) => Promise<string | null>
  onVerify?: (accept: boolean, reason: string) => Promise<string | null>
}) {
  const [editing, setEditing] = useState(false)
  const [photos, setPhotos] = useState<PickedFile[]>([])
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    if (photos.length === 0) return setError('请拍摄整改后的照片')
    setError(await onFixed(photos[0], note))
  }
  return (
    <View className='staff__card' data-testid='repair-card'>
      <Text className='staff__menu-title'>{repair.houseLabel}</Text>
      {/* the due date is in the defect card below; here only what needs attention */}
      {repair.contractor && <Text className='staff__muted'>{`施工单位：${repair.contractor.name}`}</Text>}
      {(repair.reopenedCount ?? 0) > 0 && (
        <Text className='staff__muted insp-overdue'>{`验收退回 ${repair.reopenedCount} 次${repair.rejectReason ? `：${repair.rejectReason}` : ''}`}</Text>
      )}
      {repair.status === 'fixed' ? (
        <Text className='staff__muted'>
          {repair.verification === 'pending'
            ? `施工单位报告已整改 ${formatDate(repair.defect.fixedAt)}，待验收`
            : `已整改 ${formatDate(repair.defect.fixedAt)}${repair.verification === 'accepted' ? '，已验收' : ''}`}
        </Text>
      ) : repair.overdue ? (
        <Text className='staff__muted insp-overdue'>{`已逾期（整改期限 ${repair.dueDate ?? ''}）`}</Text>
      ) : null}
      <DefectCard defect={repair.defect} auth='staff' />
      {repair.verification === 'pending' && onVerify && <VerifyRow repair={repair} busy={busy} onVerify={onVerify} />}
      {repair.status === 'open' && !editing && onAssign && contractors && (
        <AssignRow repair={repair} contractors={contractors} busy={busy} onAssign={onAssign} />
      )}
      {repair.status === 'open' && !editing && (
        <Button type='primary' block onClick={() => setEditing(true)}>
          {repair.contractor ? '记录施工单位已整改' : '标记已整改'}
        </Button>
      )}
      {repair.status === 'open' && editing && (
        <View className='insp-form'>
          <PhotoPicker photos={photos} onChange={setPhotos} max={1} label='拍摄整改后照片' />
          <Field label='整改说明' name={`repairNote${repair.id}`} value={note} onChange={setNote} maxLength={200} placeholder='例如 已重做防水层并闭水 48 小时' />
          {error && (
            <View className='insp-error' role='alert'>
              {error}
            </View>
          )}
          <View className='insp-form__actions'>
            <Button fill='outline' onClick={() => setEditing(false)}>
              取消
            </Button>
            <Button type='primary' loading={busy} disabled={busy} onClick={() => void submit()}>
              提交整改
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}
