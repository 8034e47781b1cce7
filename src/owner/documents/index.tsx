import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { DocumentItem } from '../../components/DocumentItem'
import { openProtectedFile } from '../../components/DocumentItem/openFile'
import { FaqLink } from '../../components/FaqLink'
import { InlineError } from '../../components/InlineError'
import { useDocuments } from '../../hooks/useDocuments'
import { useLeaveGuard } from '../../hooks/useLeaveGuard'
import { askSubscriptions, prepareSubscriptions } from '../../hooks/subscribe'
import { PAGES } from '../../routes'
import { PICK_SOURCES, type PickSource } from '../../utils/pickFiles'
import { isUnsubmitted } from '../../components/DocumentItem'
import { takePendingPick } from './pendingPick'
import './index.scss'
import { withPage } from '../../components/Page'

/** What leaving with pages added but not submitted asks. */
function unsubmittedQuestion(items: { title: string }[]) {
  return {
    title: '资料还未提交',
    message: `${items.map((i) => i.title).join('、')}已添加但还未提交审核，工作人员看不到。现在提交吗？`,
    stayText: '去提交'
  }
}

function scrollToItem(code: string): void {
  void Taro.pageScrollTo({ selector: `[data-testid="doc-item-${code}"]`, duration: 200 }).catch(() => undefined)
}

/** owner/documents: the move-in checklist (photos / PDFs per item, submit, review results). */
function DocumentsPage() {
  const { state, progress, busyItem, itemErrors, addPages, removePage, submit, reload } = useDocuments()

  useEffect(() => {
    void prepareSubscriptions()
  }, [])
  // back from the consent page: re-read the consent state
  useDidShow(() => {
    // agreed on the consent page: straight on to the picker (still inside the tap's activation)
    const pick = takePendingPick()
    if (pick) void addPages(pick.item, pick.source)
    if (state.phase === 'ready') void reload()
  })
  // pages added but not submitted: leaving the page by any way asks first (返回首页 below,
  // the H5 back arrow, WeChat's back, closing the tab)
  const pending = state.phase === 'ready' ? state.data.items.filter((i) => isUnsubmitted(i) && i.canSubmit) : []
  useLeaveGuard(pending.length === 0 ? null : { ...unsubmittedQuestion(pending), onStay: () => scrollToItem(pending[0].code) })

  if (state.phase === 'loading') {
    return (
      <View className='documents' aria-busy='true'>
        <Text className='documents__muted'>正在读取资料清单…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='documents'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const { data } = state
  const required = data.items.filter((i) => i.required)
  const approved = required.filter((i) => i.status === 'approved').length
  const unsubmitted = pending

  const leave = () => {
    if (unsubmitted.length === 0) return void Taro.reLaunch({ url: PAGES.home })
    const q = unsubmittedQuestion(unsubmitted)
    void Taro.showModal({ title: q.title, content: q.message, confirmText: q.stayText, cancelText: '稍后再说' }).then((r) => {
      if (!r.confirm) return void Taro.reLaunch({ url: PAGES.home })
      scrollToItem(unsubmitted[0].code)
    })
  }

  const onAdd = (code: string, source: PickSource) => {
    const item = data.items.find((i) => i.code === code)
    if (item?.needsIdConsent && !data.idPhotoConsent) {
      void Taro.navigateTo({ url: `${PAGES.consent}?item=${encodeURIComponent(code)}&source=${source}` })
      return
    }
    void addPages(code, source)
  }
  const onSubmit = (code: string) => {
    // the subscription dialog must open inside the tap, before any network wait
    const asked = askSubscriptions()
    void submit(code).then(() => asked)
  }
  const onOpen = (url: string) => {
    void openProtectedFile(url, 'owner')
  }

  return (
    <View className='documents'>
      <View className='documents__summary' data-testid='documents-summary'>
        <Text className='documents__title'>{data.reservationOpen ? '资料已全部审核通过' : '请上传以下入伙资料'}</Text>
        <Text className='documents__muted'>{`必交资料已通过 ${approved}/${required.length} 项。全部通过后即可预约入伙时间。`}</Text>
        <Text className='documents__muted'>{`支持 JPG、PNG 图片或 PDF，每个文件不超过 ${Math.round(data.maxBytes / 1024 / 1024)} MB，每项最多 ${data.maxPagesPerItem} 页。`}</Text>
        {data.reservationOpen && (
          <Button className='documents__cta' type='primary' block onClick={() => void Taro.navigateTo({ url: PAGES.reserve })}>
            去预约入伙时间
          </Button>
        )}
        {!data.open && data.blockers.length > 0 && <InlineError message={data.blockers.join('；')} testId='documents-blocked' />}
        {unsubmitted.length > 0 && (
          <View className='documents__unsubmitted' role='status' data-testid='documents-unsubmitted'>
            <Text className='documents__unsubmitted-text'>{`${unsubmitted.length} 项资料已添加、未提交：${unsubmitted.map((i) => i.title).join('、')}。请在该项下点「提交审核」。`}</Text>
          </View>
        )}
        <FaqLink category='入伙资料' q='什么样的身份证件有效'>
          常见问题：什么样的身份证件有效？
        </FaqLink>
      </View>

      {data.items.map((item) => (
        <DocumentItem
          key={item.code}
          item={item}
          sources={PICK_SOURCES}
          progress={progress?.itemCode === item.code ? progress : null}
          busy={busyItem === item.code}
          error={itemErrors[item.code]}
          onAdd={(s) => onAdd(item.code, s)}
          onDelete={(id) => void removePage(item.code, id)}
          onSubmit={() => onSubmit(item.code)}
          onOpen={onOpen}
        />
      ))}

      <Button className='documents__cta' block fill='outline' onClick={leave}>
        返回首页
      </Button>
    </View>
  )
}

export default withPage(DocumentsPage)
