import Taro from '@tarojs/taro'

let known = true
let primed = false

/** Last known connectivity (updated by the listener and a first getNetworkType). */
export function isOnline(): boolean {
  if (!primed) {
    primed = true
    void Taro.getNetworkType().then((r) => {
      known = r.networkType !== 'none'
    }).catch(() => undefined)
  }
  return known
}

export function watchNetwork(cb: (online: boolean) => void): () => void {
  const listener = (res: { isConnected: boolean }) => {
    known = res.isConnected
    cb(res.isConnected)
  }
  Taro.onNetworkStatusChange(listener)
  return () => Taro.offNetworkStatusChange(listener)
}
