/**
 * Test double for `@tarojs/taro`: the real H5 implementation, with the parts a test must
 * control replaced. `request`, `uploadFile`, `login` and every navigation function are jest
 * mocks; router params are set with `setRouterParams`; page hooks run as effects; storage
 * is an in-memory map that `resetTaroDouble` clears.
 */
import { useEffect, useRef } from 'react'
import * as TaroH5 from '@tarojs/taro-h5'

// everything else (getEnv, pxTransform, createSelectorQuery...) is the real H5 API
export * from '@tarojs/taro-h5'

type Params = Record<string, string | undefined>

const h5 = ((TaroH5 as unknown as { default?: object }).default ?? TaroH5) as Record<string, unknown>

let routerParams: Params = {}
const storage = new Map<string, unknown>()

export function setRouterParams(params: Params): void {
  routerParams = { ...params }
}

const navOk = () => Promise.resolve({ errMsg: 'ok' })

export const request = jest.fn()
export const uploadFile = jest.fn()
export const login = jest.fn(() => Promise.resolve({ code: 'test-wx-code', errMsg: 'login:ok' }))
export const navigateTo = jest.fn(navOk)
export const redirectTo = jest.fn(navOk)
export const reLaunch = jest.fn(navOk)
export const switchTab = jest.fn(navOk)
export const navigateBack = jest.fn(navOk)
export const showModal = jest.fn(() => Promise.resolve({ confirm: false, cancel: true }))
export const showToast = jest.fn(navOk)
export const stopPullDownRefresh = jest.fn()
// jsdom lays nothing out: scrolling is only recorded
export const pageScrollTo = jest.fn(navOk)
/** the page stack: one page (opened directly) unless a test says otherwise */
export const getCurrentPages = jest.fn(() => [{}] as unknown[])

export function getStorageSync(key: string): unknown {
  return storage.has(key) ? storage.get(key) : ''
}
export function setStorageSync(key: string, value: unknown): void {
  storage.set(key, JSON.parse(JSON.stringify(value)))
}
export function removeStorageSync(key: string): void {
  storage.delete(key)
}

export function useRouter() {
  return { params: routerParams, path: '' }
}

function usePageHook(fn: () => unknown) {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => {
    ref.current()
  }, [])
}

export const useLoad = usePageHook
export const useLaunch = usePageHook
export const useDidShow = usePageHook
export const useReady = usePageHook
export function useDidHide() {}
export function useUnload() {}

let pullDown: (() => unknown) | null = null
/** Stores the handler so a test can fire it with `triggerPullDownRefresh()`. */
export function usePullDownRefresh(fn: () => unknown) {
  pullDown = fn
}
export function triggerPullDownRefresh() {
  pullDown?.()
}

const mocks = {
  request,
  uploadFile,
  login,
  navigateTo,
  redirectTo,
  reLaunch,
  switchTab,
  navigateBack,
  showModal,
  showToast,
  stopPullDownRefresh,
  pageScrollTo,
  getCurrentPages
}

/** Clear storage, params and every mock between tests. */
export function resetTaroDouble(): void {
  storage.clear()
  routerParams = {}
  pullDown = null
  for (const m of Object.values(mocks)) m.mockClear()
  request.mockReset()
  uploadFile.mockReset()
}

const Taro = {
  ...h5,
  ...mocks,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  useRouter,
  useLoad,
  useLaunch,
  useDidShow,
  useDidHide,
  useReady,
  useUnload,
  usePullDownRefresh
}

export default Taro
