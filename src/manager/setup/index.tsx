import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import type { SetupSection } from '../../../types'
import { getStaffSession, redirectToLogin } from '../../stores/session'
import { AgreementsSection } from './AgreementsSection'
import { BatchesSection } from './BatchesSection'
import { ChecklistSection } from './ChecklistSection'
import { FeesSection } from './FeesSection'
import { PolicySection } from './PolicySection'
import { ProfileSection } from './ProfileSection'
import { SlotsSection } from './SlotsSection'
import { SurveySection } from './SurveySection'
import '../manager.scss'
import './setup.scss'
import { withPage } from '../../components/Page'

export const SECTION_TITLES: Record<SetupSection, string> = {
  profile: '基本信息',
  batches: '楼栋与批次',
  slots: '预约时段',
  checklist: '资料清单',
  fees: '收费标准',
  agreements: '协议文本',
  survey: '问卷权重',
  policy: '办理规则'
}

const SECTIONS: Record<SetupSection, () => JSX.Element> = {
  profile: ProfileSection,
  batches: BatchesSection,
  slots: SlotsSection,
  checklist: ChecklistSection,
  fees: FeesSection,
  agreements: AgreementsSection,
  survey: SurveySection,
  policy: PolicySection
}

const SETUP_SECTIONS = Object.keys(SECTION_TITLES) as SetupSection[]
const isSection = (s: unknown): s is SetupSection => typeof s === 'string' && (SETUP_SECTIONS as string[]).includes(s)

/** manager/setup: the community set-up, one section at a time (`?section=`). */
function ManagerSetupPage() {
  const param = useRouter().params.section
  const [section, setSection] = useState<SetupSection>(isSection(param) ? param : 'profile')
  useEffect(() => {
    if (isSection(param)) setSection(param)
  }, [param])
  useEffect(() => {
    if (!getStaffSession()) redirectToLogin('staff')
  }, [])
  const Current = SECTIONS[section]
  return (
    <View className='setup'>
      <View className='setup__nav' role='tablist' aria-label='设置项目'>
        {SETUP_SECTIONS.map((s) => (
          <View
            key={s}
            role='tab'
            aria-selected={s === section ? 'true' : 'false'}
            className={`setup__nav-item${s === section ? ' setup__nav-item--on' : ''}`}
            onClick={() => setSection(s)}
          >
            <Text>{SECTION_TITLES[s]}</Text>
          </View>
        ))}
      </View>
      <View className='setup__main' role='tabpanel' aria-label={SECTION_TITLES[section]}>
        <Current key={section} />
      </View>
    </View>
  )
}

export default withPage(ManagerSetupPage)
