/** weapp: a mini-program has no service worker (WeChat keeps the package itself). */
export function registerServiceWorker(): void {}
