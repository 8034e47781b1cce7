import { act, fireEvent, render, screen } from '@testing-library/react'
import { resetTaroDouble } from './taro-double'
import { DefectForm } from '../../src/components/Inspection/DefectForm'
import { button } from './helpers'

jest.setTimeout(30000)

const ROOMS = ['客厅', '卧室', '卫生间']

function typeInto(label: string, value: string) {
  const el = document.querySelector(`[aria-label="${label}"]`)
  if (!el) throw new Error(`no input labelled ${label}`)
  act(() => {
    const ev = new Event('input', { bubbles: true })
    Object.defineProperty(ev, 'detail', { value: { value } })
    Object.defineProperty(ev, 'target', { value: { value } })
    el.dispatchEvent(ev)
  })
}

const save = () => fireEvent.click(button('保存问题'))
const alertText = () => screen.getByRole('alert').textContent

/** Picks a photo through the H5 file input the picker appends to the page. */
async function pickPhoto(name = 'crack.jpg', type = 'image/jpeg') {
  fireEvent.click(button('相册'))
  const input = document.querySelector('input[type="file"]') as HTMLInputElement
  expect(input).not.toBeNull()
  const file = new File([new Uint8Array(2048)], name, { type })
  Object.defineProperty(input, 'files', { value: [file] })
  await act(async () => {
    input.dispatchEvent(new Event('change'))
  })
}

beforeEach(() => resetTaroDouble())

describe('inspection defect form', () => {
  it('asks for each missing field in turn and saves nothing', async () => {
    const onSubmit = jest.fn()
    render(<DefectForm rooms={ROOMS} onSubmit={onSubmit} onCancel={jest.fn()} />)
    save()
    expect(alertText()).toBe('请选择房间')
    fireEvent.click(screen.getByRole('radio', { name: '卫生间' }))
    save()
    expect(alertText()).toBe('请选择问题类别')
    fireEvent.click(screen.getByRole('radio', { name: '渗漏' }))
    save()
    expect(alertText()).toBe('请填写问题描述')
    typeInto('问题描述', '   ')
    save()
    expect(alertText()).toBe('请填写问题描述')
    typeInto('问题描述', '地漏周边渗水')
    save()
    expect(alertText()).toBe('请至少拍一张问题照片')
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('starts on the room it was opened from, with severity 一般 preselected', () => {
    render(<DefectForm rooms={ROOMS} initialRoom='卧室' onSubmit={jest.fn()} onCancel={jest.fn()} />)
    expect(screen.getByRole('radio', { name: '卧室' }).getAttribute('aria-checked')).toBe('true')
    expect(screen.getByRole('radio', { name: '客厅' }).getAttribute('aria-checked')).toBe('false')
    expect(screen.getByRole('radio', { name: '一般' }).getAttribute('aria-checked')).toBe('true')
  })

  it('hands a trimmed draft and the photo to onSubmit', async () => {
    const onSubmit = jest.fn()
    render(<DefectForm rooms={ROOMS} initialRoom='卫生间' onSubmit={onSubmit} onCancel={jest.fn()} />)
    fireEvent.click(screen.getByRole('radio', { name: '渗漏' }))
    fireEvent.click(screen.getByRole('radio', { name: '严重' }))
    typeInto('具体位置', ' 地漏旁 ')
    typeInto('问题描述', ' 地漏周边渗水 ')
    await pickPhoto()
    expect(screen.getByText('已添加 1 张')).toBeTruthy()
    save()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(onSubmit).toHaveBeenCalledTimes(1)
    const [draft, photos] = onSubmit.mock.calls[0]
    expect(draft).toEqual({ room: '卫生间', location: '地漏旁', category: '渗漏', severity: '严重', description: '地漏周边渗水' })
    expect(photos).toHaveLength(1)
    expect(photos[0].name).toBe('crack.jpg')
  })

  it('refuses a PDF as a defect photo', async () => {
    const onSubmit = jest.fn()
    render(<DefectForm rooms={ROOMS} initialRoom='客厅' onSubmit={onSubmit} onCancel={jest.fn()} />)
    await pickPhoto('report.pdf', 'application/pdf')
    expect(alertText()).toBe('请拍摄或选择照片（JPG、PNG）')
    expect(screen.getByText('未添加照片')).toBeTruthy()
  })

  it('cancels without saving', () => {
    const onSubmit = jest.fn()
    const onCancel = jest.fn()
    render(<DefectForm rooms={ROOMS} onSubmit={onSubmit} onCancel={onCancel} />)
    fireEvent.click(button('取消'))
    expect(onCancel).toHaveBeenCalledTimes(1)
    expect(onSubmit).not.toHaveBeenCalled()
  })
})
