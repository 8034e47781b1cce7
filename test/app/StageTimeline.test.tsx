import { render, within } from '@testing-library/react'
import { StageTimeline } from '../../src/components/StageTimeline'
import { STAGES_FIXTURE } from './fixtures'

function items(container: HTMLElement) {
  return Array.from(container.querySelectorAll('[data-stage]')) as HTMLElement[]
}

describe('StageTimeline', () => {
  it('renders every stage in order', () => {
    const { container } = render(<StageTimeline stages={STAGES_FIXTURE} currentStage='documents' />)
    expect(items(container).map((el) => el.getAttribute('data-stage'))).toEqual([
      'verify', 'documents', 'reserve', 'agreements', 'fees', 'checkin', 'inspection', 'keys', 'done', 'followup'
    ])
  })

  it('tags each stage with its status in Chinese', () => {
    const { container } = render(<StageTimeline stages={STAGES_FIXTURE} />)
    const tagOf = (stage: string) =>
      container.querySelector(`[data-stage="${stage}"] .status-tag`)?.textContent
    expect(tagOf('verify')).toBe('已完成')
    expect(tagOf('documents')).toBe('需处理')
    expect(tagOf('reserve')).toBe('未开始')
    expect(tagOf('agreements')).toBe('待处理')
    expect(tagOf('fees')).toBe('进行中')
  })

  it('shows summaries and blockers in Chinese', () => {
    const { container } = render(<StageTimeline stages={STAGES_FIXTURE} />)
    const reserve = container.querySelector('[data-stage="reserve"]') as HTMLElement
    expect(within(reserve).getByText('选择入伙办理时间')).toBeTruthy()
    expect(within(reserve).getByText('· 资料全部审核通过后才能预约')).toBeTruthy()
  })

  it('formats the done time in China time whatever the runner zone', () => {
    const { container } = render(<StageTimeline stages={STAGES_FIXTURE} />)
    const verify = container.querySelector('[data-stage="verify"]') as HTMLElement
    // 02:05 UTC is 10:05 in Asia/Shanghai
    expect(within(verify).getByText('完成于 2025年11月20日 10:05')).toBeTruthy()
    const docs = container.querySelector('[data-stage="documents"]') as HTMLElement
    expect(docs.textContent).not.toContain('完成于')
  })

  it('labels each step for screen readers', () => {
    const { container } = render(<StageTimeline stages={STAGES_FIXTURE} />)
    expect(items(container)[1].getAttribute('aria-label')).toBe('第2步 提交资料，需处理')
  })
})
