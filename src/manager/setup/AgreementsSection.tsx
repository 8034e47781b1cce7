import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SetupAgreementKind, SetupAgreementList } from '../../../types'
import { fetchAgreementVersions, publishAgreement } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Done, Section, TextBox, useAction } from './parts'

const KIND_TITLES: Record<string, string> = { property_service: '物业服务协议', fee_collection: '前期物业费代收代缴协议' }

function KindEditor({ k, onPublished }: { k: SetupAgreementKind; onPublished: (l: SetupAgreementList) => void }) {
  const [open, setOpen] = useState(false)
  const [title, setTitle] = useState(k.current?.title ?? KIND_TITLES[k.kind])
  const [body, setBody] = useState(k.current?.body ?? '')
  const action = useAction()
  async function publish() {
    const r = await action.run(() => publishAgreement({ kind: k.kind, title, body }), '新版本已发布')
    if (r) {
      setOpen(false)
      onPublished(r)
    }
  }
  return (
    <View className='setup__item' data-testid={`agreement-${k.kind}`}>
      <Text className='setup__item-title'>{KIND_TITLES[k.kind]}</Text>
      <Text className='setup__muted'>
        {k.current ? `当前第 ${k.current.version} 版《${k.current.title}》，已签 ${k.current.signedCount} 户` : '尚未发布'}
      </Text>
      {k.versions
        .filter((v) => !v.active)
        .map((v) => (
          <Text key={v.id} className='setup__muted'>{`第 ${v.version} 版（已停用），已签 ${v.signedCount} 户，签署副本保持原文`}</Text>
        ))}
      <Done message={action.done} />
      {open ? (
        <View className='setup__form'>
          <Field label={`${KIND_TITLES[k.kind]}标题`} name={`title-${k.kind}`} value={title} onChange={setTitle} maxLength={60} />
          <TextBox label={`${KIND_TITLES[k.kind]}正文`} value={body} onChange={setBody} maxLength={20000} tall />
          <Text className='setup__muted'>发布后，未签署的业主只能看到并签署新版本；已签署的业主保留其签署的版本。</Text>
          <InlineError message={action.error} />
          <View className='setup__actions'>
            <Button fill='outline' onClick={() => setOpen(false)}>
              取消
            </Button>
            <Button type='primary' loading={action.busy} disabled={action.busy} onClick={() => void publish()}>
              {`发布第 ${(k.versions[0]?.version ?? 0) + 1} 版`}
            </Button>
          </View>
        </View>
      ) : (
        <Button fill='outline' onClick={() => setOpen(true)}>
          {k.current ? '修订并发布新版本' : '发布协议'}
        </Button>
      )}
    </View>
  )
}

/** 协议文本: the two agreements owners e-sign, published as versions. */
export function AgreementsSection() {
  const [list, setList] = useState<SetupAgreementList | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void fetchAgreementVersions().then((r) => (r.ok ? setList(r.data) : setError(r.message)))
  }, [])
  return (
    <Section title='协议文本' intro='协议以版本发布；签署副本始终对应业主签署时的版本。'>
      <InlineError message={error} />
      {list?.kinds.map((k) => (
        <KindEditor key={`${k.kind}-${k.current?.version ?? 0}`} k={k} onPublished={setList} />
      ))}
    </Section>
  )
}
