import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SetupProfile } from '../../../types'
import { fetchProfile, saveProfile } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Done, Section, TextBox, useAction } from './parts'

interface SectionDraft {
  title: string
  /** one handbook item per line */
  items: string
}

/** 基本信息: the community profile, the service centre, and the owner handbook texts. */
export function ProfileSection() {
  const [p, setP] = useState<SetupProfile | null>(null)
  const [sections, setSections] = useState<SectionDraft[]>([])
  const [months, setMonths] = useState('')
  const [retention, setRetention] = useState('')
  const [windows, setWindows] = useState('')
  const [loadError, setLoadError] = useState<string | null>(null)
  const action = useAction()

  function adopt(data: SetupProfile) {
    setP(data)
    setSections(data.handbook.sections.map((s) => ({ title: s.title, items: s.items.join('\n') })))
    setMonths(String(data.prepaidMonths))
    setRetention(String(data.uploadRetentionDays))
    setWindows(String(data.receptionWindows ?? 1))
  }
  useEffect(() => {
    void fetchProfile().then((r) => (r.ok ? adopt(r.data) : setLoadError(r.message)))
  }, [])

  if (!p) return <Section title='基本信息'>{loadError ? <InlineError message={loadError} /> : <Text className='setup__muted'>加载中…</Text>}</Section>
  const set = <K extends keyof SetupProfile>(k: K, v: SetupProfile[K]) => setP({ ...p, [k]: v })

  async function save() {
    if (!p) return
    const prepaidMonths = Number(months)
    const uploadRetentionDays = Number(retention)
    if (!Number.isInteger(prepaidMonths) || prepaidMonths < 0 || prepaidMonths > 36) return action.setError('预缴月数须为 0-36 的整数')
    if (!Number.isInteger(uploadRetentionDays) || uploadRetentionDays < 30 || uploadRetentionDays > 3650) return action.setError('资料保存天数须为 30-3650 的整数')
    const receptionWindows = Number(windows)
    if (!Number.isInteger(receptionWindows) || receptionWindows < 1 || receptionWindows > 50) return action.setError('办理窗口数须为 1-50 的整数')
    const body: SetupProfile = {
      ...p,
      prepaidMonths,
      uploadRetentionDays,
      receptionWindows,
      handbook: {
        emergencyPhone: p.handbook.emergencyPhone,
        sections: sections
          .filter((s) => s.title.trim() !== '')
          .map((s) => ({ title: s.title.trim(), items: s.items.split('\n').map((x) => x.trim()).filter((x) => x !== '') }))
      }
    }
    const saved = await action.run(() => saveProfile(body), '基本信息已保存')
    if (saved) adopt(saved)
  }

  return (
    <>
      <Section title='小区与服务中心' intro='地址、电话、服务时间和物业公司会印在入伙通知书上，也显示在业主手册中。'>
        <Field label='小区名称' name='name' required value={p.name} onChange={(v) => set('name', v)} maxLength={60} />
        <Field label='小区地址' name='address' required value={p.address} onChange={(v) => set('address', v)} maxLength={120} />
        <View className='setup__row'>
          <Field label='服务电话' name='servicePhone' required value={p.servicePhone} onChange={(v) => set('servicePhone', v)} maxLength={40} />
          <Field label='服务时间' name='serviceHours' required value={p.serviceHours} onChange={(v) => set('serviceHours', v)} placeholder='如 每天 8:00-20:00' maxLength={60} />
        </View>
        <Field label='入伙办理地点' name='servicePlace' value={p.servicePlace} onChange={(v) => set('servicePlace', v)} placeholder='如 1栋架空层入伙大厅' hint='各批次可另设地点' maxLength={80} />
        <Field label='物业服务企业' name='company' required value={p.company} onChange={(v) => set('company', v)} maxLength={60} />
        <View className='setup__row'>
          <Field label='物业费预缴月数' name='prepaidMonths' type='number' value={months} onChange={setMonths} maxLength={2} />
          <Field label='上传资料保存天数' name='uploadRetentionDays' type='number' value={retention} onChange={setRetention} hint='到期后业主上传的证件照片将被删除' maxLength={4} />
        </View>
        <Field label='入伙大厅办理窗口数' name='receptionWindows' type='number' value={windows} onChange={setWindows} hint='叫号时选择窗口，如“请 2 号到 3 号窗口”' maxLength={2} />
      </Section>
      <Section title='业主手册' intro='业主完成入伙后在“业主手册”中看到的内容。'>
        <Field
          label='24 小时值班电话'
          name='emergencyPhone'
          value={p.handbook.emergencyPhone}
          onChange={(v) => set('handbook', { ...p.handbook, emergencyPhone: v })}
          maxLength={40}
        />
        {sections.map((s, i) => (
          <View key={i} className='setup__item'>
            <Field
              label={`第 ${i + 1} 部分标题`}
              name={`hbTitle${i}`}
              value={s.title}
              onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, title: v } : x)))}
              maxLength={40}
            />
            <TextBox
              label={`第 ${i + 1} 部分内容`}
              value={s.items}
              onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, items: v } : x)))}
              hint='每行一条'
              tall
            />
            <Button size='small' fill='outline' onClick={() => setSections(sections.filter((_, j) => j !== i))}>
              删除此部分
            </Button>
          </View>
        ))}
        <Button fill='outline' onClick={() => setSections([...sections, { title: '', items: '' }])}>
          添加一部分
        </Button>
      </Section>
      <View className='setup__sticky'>
        <InlineError message={action.error} />
        <Done message={action.done} />
        <Button type='primary' block loading={action.busy} disabled={action.busy} onClick={() => void save()}>
          保存基本信息
        </Button>
      </View>
    </>
  )
}
