/** Browser connectivity: navigator.onLine and the window's online/offline events (Taro's H5 listener only follows navigator.connection, which neither fires on losing the network in every browser nor exists in Safari). */
export function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

/** Calls back with true/false when the connection changes; returns the unsubscribe. */
export function watchNetwork(cb: (online: boolean) => void): () => void {
  if (typeof window === 'undefined') return () => undefined
  const on = () => cb(true)
  const off = () => cb(false)
  window.addEventListener('online', on)
  window.addEventListener('offline', off)
  return () => {
    window.removeEventListener('online', on)
    window.removeEventListener('offline', off)
  }
}
