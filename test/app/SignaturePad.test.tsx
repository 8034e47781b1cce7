import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { SignaturePad } from '../../src/components/SignaturePad'
import { MIN_INK_LENGTH } from '../../src/components/SignaturePad/strokes'
import { button } from './helpers'

const PNG_URL = 'data:image/png;base64,iVBORw0KGgo='

function fakeContext() {
  return {
    beginPath: jest.fn(),
    moveTo: jest.fn(),
    lineTo: jest.fn(),
    stroke: jest.fn(),
    fillRect: jest.fn(),
    scale: jest.fn(),
    setTransform: jest.fn(),
    lineWidth: 0,
    lineCap: '',
    lineJoin: '',
    strokeStyle: '',
    fillStyle: ''
  }
}

let ctx: ReturnType<typeof fakeContext>
beforeEach(() => {
  ctx = fakeContext()
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => ctx as never)
  jest.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => PNG_URL)
})
afterEach(() => jest.restoreAllMocks())

const canvas = () => screen.getByLabelText('签名区域')
const confirmButton = () => button('确认签名')
const clearButton = () => button('清除')
const isDisabled = (el: HTMLElement) => el.className.includes('nut-button-disabled')

function stroke(points: [number, number][]) {
  const [first, ...rest] = points
  fireEvent.touchStart(canvas(), { touches: [{ clientX: first[0], clientY: first[1] }] })
  for (const [x, y] of rest) fireEvent.touchMove(canvas(), { touches: [{ clientX: x, clientY: y }] })
  fireEvent.touchEnd(canvas(), { touches: [] })
}

describe('SignaturePad (H5)', () => {
  it('is labelled and starts with confirm disabled', () => {
    render(<SignaturePad onConfirm={jest.fn()} />)
    expect(canvas().tagName).toBe('CANVAS')
    expect(isDisabled(confirmButton())).toBe(true)
    expect(screen.getByText('请在上方框内手写签名')).toBeTruthy()
  })

  it('keeps confirm disabled after a mere tap', () => {
    render(<SignaturePad onConfirm={jest.fn()} />)
    stroke([[10, 10], [11, 10]])
    expect(isDisabled(confirmButton())).toBe(true)
  })

  it('enables confirm after a stroke and hands the PNG data URL to onConfirm', async () => {
    const onConfirm = jest.fn()
    render(<SignaturePad onConfirm={onConfirm} />)
    stroke([[10, 10], [10 + MIN_INK_LENGTH, 10], [10 + MIN_INK_LENGTH, 30]])
    expect(ctx.lineTo).toHaveBeenCalledWith(10 + MIN_INK_LENGTH, 30)
    expect(isDisabled(confirmButton())).toBe(false)
    await act(async () => {
      fireEvent.click(confirmButton())
    })
    expect(onConfirm).toHaveBeenCalledWith(PNG_URL)
  })

  it('clears back to an empty pad', () => {
    render(<SignaturePad onConfirm={jest.fn()} />)
    stroke([[0, 0], [40, 40]])
    expect(isDisabled(confirmButton())).toBe(false)
    fireEvent.click(clearButton())
    expect(isDisabled(confirmButton())).toBe(true)
    expect(ctx.fillRect).toHaveBeenCalledTimes(2) // paper painted at mount and again on clear
  })

  it('reports an error instead of confirming when no PNG can be produced', async () => {
    ;(HTMLCanvasElement.prototype.toDataURL as jest.Mock).mockImplementation(() => 'data:,')
    const onConfirm = jest.fn()
    const onError = jest.fn()
    render(<SignaturePad onConfirm={onConfirm} onError={onError} />)
    stroke([[0, 0], [40, 40]])
    fireEvent.click(confirmButton())
    await waitFor(() => expect(onError).toHaveBeenCalledWith('无法生成签名图片，请清除后重新签名'))
    expect(onConfirm).not.toHaveBeenCalled()
  })

  it('in confirm mode a drawn pad says what is still to do, not that it is signed', () => {
    render(<SignaturePad onConfirm={jest.fn()} confirmText='确认签署' />)
    stroke([[0, 0], [40, 40]])
    expect(screen.getByText('请点「确认签署」完成签名')).toBeTruthy()
    expect(screen.queryByText(/已签名/)).toBeNull()
  })

  it('drawing-is-signing mode: no confirm button, every stroke hands the PNG over, 清除 hands null', () => {
    const onChange = jest.fn()
    render(<SignaturePad onChange={onChange} />)
    expect(screen.queryByText('确认签名')).toBeNull()
    stroke([[10, 10], [11, 10]]) // a dot is no signature
    expect(onChange).not.toHaveBeenCalled()
    stroke([[0, 0], [40, 40]])
    expect(onChange).toHaveBeenLastCalledWith(PNG_URL)
    expect(screen.getByText('已签名 ✓（如需重签请点「清除」）')).toBeTruthy()
    stroke([[40, 40], [60, 80]]) // a second stroke: the parent gets the drawing as it is now
    expect(onChange).toHaveBeenCalledTimes(2)
    fireEvent.click(clearButton())
    expect(onChange).toHaveBeenLastCalledWith(null)
    expect(screen.getByText('请在上方框内手写签名')).toBeTruthy()
  })

  it('drawing-is-signing mode: a pointer released outside any stroke hands nothing over', () => {
    const onChange = jest.fn()
    render(<SignaturePad onChange={onChange} />)
    fireEvent.touchEnd(canvas(), { touches: [] })
    expect(onChange).not.toHaveBeenCalled()
  })

  it('ignores strokes while disabled', () => {
    render(<SignaturePad onConfirm={jest.fn()} disabled />)
    stroke([[0, 0], [40, 40]])
    expect(isDisabled(confirmButton())).toBe(true)
  })
})
