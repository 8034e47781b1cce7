import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { SignaturePad } from '../../src/components/SignaturePad'
import { MIN_INK_LENGTH } from '../../src/components/SignaturePad/strokes'

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
const button = (text: string) => (screen.getByText(text).closest('.nut-button') ?? screen.getByText(text)) as HTMLElement
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

  it('ignores strokes while disabled', () => {
    render(<SignaturePad onConfirm={jest.fn()} disabled />)
    stroke([[0, 0], [40, 40]])
    expect(isDisabled(confirmButton())).toBe(true)
  })
})
