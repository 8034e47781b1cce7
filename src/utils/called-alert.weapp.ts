import Taro from '@tarojs/taro'

/** weapp: a long vibration when the page's polling sees the number called. */
export function alertCalled(): void {
  void Taro.vibrateLong().catch(() => undefined)
}
