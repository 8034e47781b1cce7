import { useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { HouseHistory } from '../../../types'
import { METHOD_LABELS } from '../../api/fees'
import { yuan } from '../../utils/money'
import { DOCUMENT_STATUS_LABELS } from '../../components/DocumentItem'
import { InlineError } from '../../components/InlineError'
import { STATUS_LABELS } from '../../components/StatusTag'
import { openProtectedFile } from '../../components/DocumentItem/openFile'
import { formatDate, formatDateTime } from '../../utils/time'
import { stageTitle } from '../../../types/stages'
import {
  ACTOR_TYPE,
  BILL_STATUS,
  DEFECT_STATUS,
  DELEGATE_STATUS,
  INSPECTION_RESULT,
  INSPECTION_STATUS,
  ORDER_STATUS,
  REPAIR_STATUS,
  RESERVATION_STATUS,
  ROLE_LABEL,
  TASK_STATUS,
  label
} from './labels'

const statusLabel = (s: string) => (STATUS_LABELS as Record<string, string>)[s] ?? s
const docStatus = (s: string) => (DOCUMENT_STATUS_LABELS as Record<string, string>)[s] ?? s

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <View className='house__card' data-testid={testId} role='region' aria-label={title}>
      <Text className='house__subtitle'>{title}</Text>
      {children}
    </View>
  )
}

function Line({ k, v }: { k: string; v: string }) {
  return (
    <View className='house__line'>
      <Text className='house__key'>{k}</Text>
      <Text className='house__value'>{v || '—'}</Text>
    </View>
  )
}

/** 房屋档案: the house, a timeline of every stage event, then what each stage left behind. */
export function HouseHistoryView({ history }: { history: HouseHistory }) {
  const { house, events } = history
  const [fileError, setFileError] = useState<string | null>(null)
  const open = async (url: string | null) => {
    if (!url) return
    setFileError(await openProtectedFile(url, 'staff'))
  }
  const paidCents = history.payments.orders.filter((o) => o.status === 'paid').reduce((s, o) => s + o.amountCents, 0)

  return (
    <View className='house__grid'>
      <View className='house__card house__card--wide' data-testid='house-head'>
        <Text className='house__title'>{house.label}</Text>
        <Text className='house__muted'>{`${house.batch} · 建筑面积 ${house.area} ㎡`}</Text>
        {house.owners.map((o, i) => (
          <Line key={i} k={house.owners.length > 1 ? `业主${i + 1}` : '业主'} v={`${o.name}　证件 ${o.idMasked}`} />
        ))}
        {house.delegate && <Line k='委托人' v={`${house.delegate.name}　证件 ${house.delegate.idMasked}　${label(DELEGATE_STATUS, house.delegate.status)}`} />}
        <Line k='身份核验' v={house.verifiedAt ? `${formatDateTime(house.verifiedAt)}（${house.verifiedRole === 'delegate' ? '委托人' : '业主本人'}）` : '尚未核验'} />
        <Line k='当前阶段' v={stageTitle(house.currentStage)} />
        {house.doneAt && <Line k='完成入伙' v={formatDateTime(house.doneAt)} />}
        {house.stages.length > 0 && (
          <View className='house__chips' role='list' aria-label='各阶段状态'>
            {house.stages.map((s) => (
              <View key={s.stage} role='listitem' className={`house__chip house__chip--${s.status}`}>
                <Text className='house__chip-text'>{`${stageTitle(s.stage)}：${statusLabel(s.status)}`}</Text>
              </View>
            ))}
          </View>
        )}
        <Text className='house__note'>证件号码仅显示部分；查看记录已留存。</Text>
      </View>

      <Section title={`办理记录（${events.length}）`} testId='house-events'>
        {events.length === 0 && <Text className='house__muted'>还没有办理记录（业主尚未核验身份）。</Text>}
        <View className='house__timeline' role='list' aria-label='办理记录'>
          {events.map((e) => (
            <View key={e.id} className='house__event' role='listitem' data-testid='house-event'>
              <View className={`house__dot house__dot--${e.toStatus}`} aria-hidden='true' />
              <View className='house__event-body'>
                <Text className='house__event-title'>{`${stageTitle(e.stage)}：${statusLabel(e.fromStatus)} → ${statusLabel(e.toStatus)}`}</Text>
                <Text className='house__event-meta'>
                  {`${formatDateTime(e.at)} · ${e.actorType === 'staff' ? `工作人员 ${e.actorLabel}` : e.actorLabel || label(ACTOR_TYPE, e.actorType)}`}
                </Text>
                {e.note && <Text className='house__event-meta'>{e.note}</Text>}
              </View>
            </View>
          ))}
        </View>
      </Section>

      <Section title='入伙资料' testId='house-documents'>
        {!history.filesVisible && <Text className='house__note'>您的角色不能查看资料原件，仅显示审核状态。</Text>}
        <InlineError message={fileError} />
        {history.documents.map((d) => (
          <View key={d.itemCode} className='house__item'>
            <View className='house__item-head'>
              <Text className='house__item-title'>{d.title}</Text>
              <Text className={`house__tag house__tag--${d.status}`}>{docStatus(d.status)}</Text>
            </View>
            {d.submittedAt && <Text className='house__muted'>{`提交 ${formatDateTime(d.submittedAt)}`}</Text>}
            {d.reviewedAt && <Text className='house__muted'>{`审核 ${formatDateTime(d.reviewedAt)}${d.reviewedBy ? ` · ${d.reviewedBy}` : ''}`}</Text>}
            {d.reason && <Text className='house__warn'>{`驳回原因：${d.reason}`}</Text>}
            {d.files.length > 0 && (
              <View className='house__files'>
                {d.files.map((f) =>
                  f.url ? (
                    <View key={f.uploadId} className='house__file' role='button' aria-label={`查看${d.title}第${f.page}页`} onClick={() => void open(f.url)}>
                      <Text className='house__file-text'>{`第${f.page}页 · ${f.mime === 'application/pdf' ? 'PDF' : '图片'}`}</Text>
                    </View>
                  ) : (
                    <Text key={f.uploadId} className='house__muted'>{`第${f.page}页（已上传）`}</Text>
                  )
                )}
              </View>
            )}
          </View>
        ))}
      </Section>

      <Section title='预约与签到' testId='house-reservation'>
        {history.reservation ? (
          <>
            <Line k='预约时段' v={`${formatDate(history.reservation.date)} ${history.reservation.startTime}-${history.reservation.endTime}`} />
            <Line k='状态' v={label(RESERVATION_STATUS, history.reservation.status)} />
            {history.reservations.length > 1 && (
              <Text className='house__muted'>{`共预约 ${history.reservations.length} 次（含改期、取消）`}</Text>
            )}
          </>
        ) : (
          <Text className='house__muted'>尚未预约</Text>
        )}
        {history.checkins.map((c, i) => (
          <Line
            key={i}
            k={`签到 ${formatDate(c.date)}`}
            v={`${c.queueNo} 号 · 到场 ${formatDateTime(c.arrivedAt)}${c.calledAt ? ` · 叫号 ${formatDateTime(c.calledAt)}` : ''}${c.finishedAt ? ` · 办结 ${formatDateTime(c.finishedAt)}` : ''}`}
          />
        ))}
      </Section>

      <Section title='缴费' testId='house-payments'>
        {history.payments.bill ? (
          <>
            <Line k='账单' v={`${yuan(history.payments.bill.totalCents)} 元 · ${label(BILL_STATUS, history.payments.bill.status)}`} />
            {history.payments.bill.lines.map((l, i) => (
              <Line key={i} k={l.label} v={`${yuan(l.amountCents)} 元`} />
            ))}
            <Line k='已收' v={`${yuan(paidCents)} 元`} />
            {history.payments.orders.map((o) => (
              <View key={o.id} className='house__item'>
                <Text className='house__item-title'>{`${label(METHOD_LABELS, o.method)} ${yuan(o.amountCents)} 元 · ${label(ORDER_STATUS, o.status)}`}</Text>
                <Text className='house__muted'>{`${formatDateTime(o.paidAt ?? o.createdAt)}${o.receipt ? ` · 收据 ${o.receipt.number}` : ''}`}</Text>
              </View>
            ))}
          </>
        ) : (
          <Text className='house__muted'>尚未生成账单</Text>
        )}
      </Section>

      <Section title={`验房与整改（问题 ${history.defects.length} 项）`} testId='house-defects'>
        {history.inspections.length === 0 && <Text className='house__muted'>尚未验房</Text>}
        {history.inspections.map((i) => (
          <Line
            key={i.round}
            k={`第${i.round}轮验房`}
            v={`${label(INSPECTION_STATUS, i.status)}${i.result ? ` · ${label(INSPECTION_RESULT, i.result)}` : ''}${i.inspector ? ` · ${i.inspector}` : ''} · ${formatDateTime(i.completedAt ?? i.startedAt)}${i.ownerSignedAt ? ' · 业主已签交接单' : ''}`}
          />
        ))}
        {history.defects.map((d) => (
          <View key={d.id} className='house__item' data-testid='house-defect'>
            <View className='house__item-head'>
              <Text className='house__item-title'>{`${d.room}${d.location ? ` ${d.location}` : ''} · ${d.category} · ${d.severity}`}</Text>
              {d.overdue && <Text className='house__tag house__tag--overdue'>已超期</Text>}
            </View>
            {d.description && <Text className='house__value'>{d.description}</Text>}
            <Text className='house__muted'>
              {`${label(DEFECT_STATUS, d.status)}${d.repair ? ` · 整改 ${label(REPAIR_STATUS, d.repair.status)}` : ''}${d.repair?.dueDate ?? d.dueDate ? ` · 期限 ${formatDate(d.repair?.dueDate ?? d.dueDate)}` : ''}${d.repair?.fixedAt ? ` · 修复 ${formatDateTime(d.repair.fixedAt)}` : ''}`}
            </Text>
            {d.photos.some((p) => p.url) && (
              <View className='house__files'>
                {d.photos.map((p, i) =>
                  p.url ? (
                    <View key={i} className='house__file' role='button' aria-label={`查看问题照片${i + 1}`} onClick={() => void open(p.url)}>
                      <Text className='house__file-text'>{`照片${i + 1}${p.kind === 'after' ? '（整改后）' : ''}`}</Text>
                    </View>
                  ) : null
                )}
              </View>
            )}
          </View>
        ))}
      </Section>

      <Section title='交钥匙' testId='house-keys'>
        {history.keys ? (
          <>
            <Line k='交接时间' v={`${formatDateTime(history.keys.handedAt)}${history.keys.staff ? ` · ${history.keys.staff}` : ''}`} />
            {history.keys.keys.map((k) => (
              <Line key={k.code} k={k.label} v={`${k.count} 把/张`} />
            ))}
            {history.keys.meters.map((m) => (
              <Line key={m.kind} k={m.label} v={String(m.value)} />
            ))}
          </>
        ) : (
          <Text className='house__muted'>尚未交钥匙</Text>
        )}
      </Section>

      <Section title='满意度' testId='house-survey'>
        {history.survey ? (
          <>
            <Line k='CSI（百分制）' v={`${history.survey.csi.toFixed(1)} · ${formatDateTime(history.survey.submittedAt)}`} />
            {history.survey.items.map((i) => (
              <View key={i.code} className='house__item'>
                <Line k={i.title} v={`${i.score} 分（满分 5）`} />
                {i.comment && <Text className='house__muted'>{`意见：${i.comment}`}</Text>}
              </View>
            ))}
            {history.survey.overallComment && <Text className='house__muted'>{`总体意见：${history.survey.overallComment}`}</Text>}
          </>
        ) : (
          <Text className='house__muted'>尚未评价</Text>
        )}
      </Section>

      {history.tasks.length > 0 && (
        <Section title='回访任务' testId='house-tasks'>
          {history.tasks.map((t, i) => (
            <View key={i} className='house__item'>
              <Text className='house__item-title'>{`${t.reason || t.kind} · ${label(TASK_STATUS, t.status)}`}</Text>
              <Text className='house__muted'>
                {`负责：${label(ROLE_LABEL, t.assigneeRole)} · 期限 ${formatDateTime(t.dueAt)}${t.closedAt ? ` · 完成 ${formatDateTime(t.closedAt)}` : ''}${t.note ? ` · ${t.note}` : ''}`}
              </Text>
            </View>
          ))}
        </Section>
      )}
    </View>
  )
}

export default HouseHistoryView
