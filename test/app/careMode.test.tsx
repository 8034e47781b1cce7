import { act, fireEvent, render, screen } from '@testing-library/react'
import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { getStorageSync, navigateBack, reLaunch, resetTaroDouble, setStorageSync } from './taro-double'
import { CareSwitch } from '../../src/components/CareSwitch'
import { Page, withPage } from '../../src/components/Page'
import { getCareMode, resetCareModeCache, setCareMode } from '../../src/stores/careMode'

const pagesSpy = jest.spyOn(Taro as unknown as { getCurrentPages: () => unknown[] }, 'getCurrentPages')

beforeEach(() => {
  resetTaroDouble()
  resetCareModeCache()
  document.documentElement.classList.remove('anjia-care')
  window.location.hash = ''
  pagesSpy.mockReturnValue([{}])
})

describe('长辈模式 switch', () => {
  it('is off by default, turns on with one tap, and is remembered on the device', () => {
    render(
      <Page root careSwitch>
        <Text>正文</Text>
      </Page>
    )
    const sw = screen.getByRole('switch', { name: '长辈模式' })
    expect(sw.getAttribute('aria-checked')).toBe('false')
    expect(screen.getByText('长辈模式')).toBeTruthy()
    expect(document.querySelector('.anjia-page')!.className).not.toContain('anjia-care')

    act(() => {
      fireEvent.click(sw)
    })
    expect(sw.getAttribute('aria-checked')).toBe('true')
    expect(screen.getByText('已开启')).toBeTruthy()
    expect(getStorageSync('anjia.careMode')).toBe(true)
    // the page root and (H5) <html> carry the class: dialogs outside the page grow too
    expect(document.querySelector('.anjia-page')!.className).toContain('anjia-care')
    expect(document.documentElement.classList.contains('anjia-care')).toBe(true)

    // another visit reads the stored setting
    resetCareModeCache()
    expect(getCareMode()).toBe(true)
  })

  it('every page using it follows a change made on another', () => {
    render(
      <>
        <Page>
          <CareSwitch />
        </Page>
        <Page>
          <Text>另一页</Text>
        </Page>
      </>
    )
    act(() => setCareMode(true))
    expect(Array.from(document.querySelectorAll('.anjia-page')).map((p) => p.className.includes('anjia-care'))).toEqual([true, true])
    act(() => {
      fireEvent.click(screen.getByRole('switch'))
    })
    expect(getStorageSync('anjia.careMode')).toBe(false)
    expect(document.documentElement.classList.contains('anjia-care')).toBe(false)
    expect(document.querySelectorAll('.anjia-care')).toHaveLength(0)
  })

  it('starts on when the device already has it on', () => {
    setStorageSync('anjia.careMode', true)
    resetCareModeCache()
    render(<CareSwitch />)
    expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true')
  })
})

describe('H5 title bar', () => {
  it('a non-home page shows its title and a back arrow that returns to the page below', () => {
    pagesSpy.mockReturnValue([{}, {}])
    render(
      <Page title='缴费'>
        <Text>账单</Text>
      </Page>
    )
    const bar = screen.getByTestId('titlebar')
    expect(bar.textContent).toContain('缴费')
    expect(screen.getByRole('heading').textContent).toBe('缴费')
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: '返回' }))
    })
    expect(navigateBack).toHaveBeenCalledWith({ delta: 1 })
    expect(reLaunch).not.toHaveBeenCalled()
  })

  it('opened directly (nothing below), back goes to the home of that side', () => {
    window.location.hash = '#/owner/fees/index'
    const { unmount } = render(<Page title='缴费' />)
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: '返回' }))
    })
    expect(reLaunch).toHaveBeenLastCalledWith({ url: '/pages/home/index' })
    unmount()

    window.location.hash = '#/staff/review/index?id=3'
    render(<Page title='资料审核' />)
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: '返回' }))
    })
    expect(reLaunch).toHaveBeenLastCalledWith({ url: '/staff/index/index' })
    expect(navigateBack).not.toHaveBeenCalled()
  })

  it('a home page has no back arrow', () => {
    render(
      <Page root>
        <Text>首页</Text>
      </Page>
    )
    expect(screen.queryByRole('button', { name: '返回' })).toBeNull()
    expect(screen.queryByTestId('titlebar')).toBeNull()
  })

  it('withPage wraps a page component: its content inside the page root, after the title bar', () => {
    function Inner({ who }: { who: string }) {
      return <Text>{`你好 ${who}`}</Text>
    }
    const Wrapped = withPage(Inner, { title: '消息' })
    render(<Wrapped who='张先生' />)
    const root = document.querySelector('.anjia-page')!
    expect(root.textContent).toContain('你好 张先生')
    expect(screen.getByTestId('titlebar').textContent).toContain('消息')
  })
})
