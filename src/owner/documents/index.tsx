import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { DocumentItem } from '../../components/DocumentItem'
import { openProtectedFile } from '../../components/DocumentItem/openFile'
import { FaqLink } from '../../components/FaqLink'
import { InlineError } from '../../components/InlineError'
import { useDocuments } from '../../hooks/useDocuments'
import { askSubscriptions, prepareSubscriptions } from '../../hooks/subscribe'
import { PAGES } from '../../routes'
import { PICK_SOURCES, type PickSource } from '../../utils/pickFiles'
import './index.scss'

/** owner/documents: the move-in checklist (photos / PDFs per item, submit, review results). */
export default function DocumentsPage() {
  const { state, progress, busyItem, itemErrors, addPages, removePage, submit, reload } = useDocuments()

  useEffect(() => {
    void prepareSubscriptions()
  }, [])
  // back from the consent page: re-read the consent state
  useDidShow(() => {
    if (state.phase === 'ready') void reload()
  })

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

      <Button className='documents__cta' block fill='outline' onClick={() => void Taro.reLaunch({ url: PAGES.home })}>
        返回首页
      </Button>
    </View>
  )
}
