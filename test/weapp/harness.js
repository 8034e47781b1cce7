/**
 * Runs Taro's compiled weapp pages inside miniprogram-simulate (jsdom + WeChat's wcc).
 * Shims what the simulator lacks: App/getApp/getCurrentPages, Page (mapped to Component,
 * with onLoad/onReady driven from the component lifetimes), wx.createSelectorQuery,
 * wx.request answered by a route table the test provides, and the device APIs
 * wx.scanCode (answered by the test's `scan`), wx.vibrateLong and wx.createInnerAudioContext,
 * each recording its calls.
 */
const fs = require('node:fs')
const path = require('node:path')

// ANJIA_WEAPP_DIST: a private weapp build (TARO_OUTPUT_ROOT), so parallel builds do not clobber dist/
const DIST = process.env.ANJIA_WEAPP_DIST ? path.resolve(process.env.ANJIA_WEAPP_DIST) : path.resolve(__dirname, '../../dist/weapp')

function assertBuilt() {
  const need = ['app.js', 'pages/entry/index.js', 'pages/entry/index.wxml', 'base.wxml']
  const missing = need.filter((f) => !fs.existsSync(path.join(DIST, f)))
  if (missing.length > 0) {
    throw new Error(`dist/weapp is missing (${missing.join(', ')}): run \`npm run build:weapp\` first`)
  }
}

/** Answers a wx callback-style call a tick later, as WeChat does: success on ok, fail otherwise. */
function answerLater(opts, ok, res) {
  setTimeout(() => {
    if (ok) opts.success && opts.success(res)
    else opts.fail && opts.fail(res)
    opts.complete && opts.complete(res)
  }, 0)
}

/** An InnerAudioContext that records what the page did with it (src set, play/stop/destroy). */
function audioContext(log) {
  const ctx = { src: '', played: 0, stopped: 0, destroyed: false }
  log.push(ctx)
  const noop = () => {}
  return Object.assign(ctx, {
    play() {
      ctx.played++
    },
    pause: noop,
    stop() {
      ctx.stopped++
    },
    seek: noop,
    destroy() {
      ctx.destroyed = true
    },
    onCanplay: noop,
    onPlay: noop,
    onEnded: noop,
    onError: noop,
    onStop: noop,
    offCanplay: noop,
    offPlay: noop,
    offEnded: noop,
    offError: noop,
    offStop: noop
  })
}

/**
 * `scan(options)` plays the camera for wx.scanCode: it returns `{ result }` for a code read or
 * `{ errMsg }` to fail (closing the scanner is 'scanCode:fail cancel'); without it every scan is
 * cancelled.
 */
function setupWx(routes, initialStorage = {}, scan = null) {
  const storage = new Map(Object.entries(initialStorage))
  const calls = { request: [], reLaunch: [], navigateTo: [], scanCode: [], vibrateLong: [], audio: [] }
  const wx = {
    request(opts) {
      calls.request.push(opts)
      const answer = routes(opts.url, opts.method || 'GET', opts.data)
      const task = { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
      setTimeout(() => {
        if (!answer) {
          const err = { errMsg: 'request:fail' }
          opts.fail && opts.fail(err)
          opts.complete && opts.complete(err)
          return
        }
        const res = { statusCode: answer.status, data: answer.body, header: {}, errMsg: 'request:ok' }
        opts.success && opts.success(res)
        opts.complete && opts.complete(res)
      }, 0)
      return task
    },
    login(opts) {
      const res = { code: 'sim-code', errMsg: 'login:ok' }
      setTimeout(() => {
        opts.success && opts.success(res)
        opts.complete && opts.complete(res)
      }, 0)
    },
    createSelectorQuery() {
      const q = {
        in: () => q,
        select: () => q,
        selectAll: () => q,
        selectViewport: () => q,
        boundingClientRect: (cb) => {
          cb && cb({ width: 375, height: 40, top: 0, left: 0, right: 375, bottom: 40 })
          return q
        },
        scrollOffset: () => q,
        fields: () => q,
        exec: (cb) => cb && cb([])
      }
      return q
    },
    scanCode(opts) {
      calls.scanCode.push(opts)
      const answer = scan ? scan(opts) : { errMsg: 'scanCode:fail cancel' }
      if (answer && answer.result !== undefined) {
        answerLater(opts, true, { result: answer.result, scanType: answer.scanType || 'QR_CODE', charSet: 'utf-8', path: '', rawData: '', errMsg: 'scanCode:ok' })
      } else {
        answerLater(opts, false, { errMsg: (answer && answer.errMsg) || 'scanCode:fail' })
      }
    },
    vibrateLong(opts = {}) {
      calls.vibrateLong.push(opts)
      answerLater(opts, true, { errMsg: 'vibrateLong:ok' })
    },
    createInnerAudioContext: () => audioContext(calls.audio),
    getStorageSync: (k) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k, v) => storage.set(k, v),
    removeStorageSync: (k) => storage.delete(k),
    reLaunch: (o) => {
      calls.reLaunch.push(o.url)
      o.success && o.success({ errMsg: 'reLaunch:ok' })
    },
    navigateTo: (o) => {
      calls.navigateTo.push(o.url)
      o.success && o.success({ errMsg: 'navigateTo:ok' })
    },
    getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2, platform: 'devtools', SDKVersion: '3.6.0' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 }),
    getMenuButtonBoundingClientRect: () => ({ top: 48, height: 32, right: 365, width: 87 }),
    nextTick: (fn) => setTimeout(fn, 0)
  }
  return { wx, calls }
}

/**
 * Load app.js and one compiled page with a query (e.g. { scene: 't%3DaB3xK9' }).
 * `opts.storage` pre-fills wx storage (e.g. an owner session) before the app starts;
 * `opts.wx` adds wx APIs the simulator lacks (chooseMedia, onNeedPrivacyAuthorization...);
 * `opts.scan` answers wx.scanCode (see setupWx).
 * Returns the simulate component (attached to a div in document.body) and the call log.
 */
function loadPage(pagePath, query, routes, opts = {}) {
  assertBuilt()
  // a fresh runtime per page load (app.js, taro.js and the simulator keep module state)
  jest.resetModules()
  document.body.innerHTML = ''
  const { wx, calls } = setupWx(routes, opts.storage, opts.scan)
  global.wx = wx
  // miniprogram-simulate merges its own wx api under ours when required
  const simulate = require('miniprogram-simulate')
  Object.assign(global.wx, wx)
  // extra wx APIs a test provides (e.g. chooseMedia): Taro wraps only the APIs present when it starts
  if (opts.wx) Object.assign(global.wx, opts.wx)

  let appInstance = null
  const pages = []
  global.App = (options) => {
    appInstance = options
  }
  global.getApp = () => appInstance
  global.getCurrentPages = () => pages

  global.Page = (options) => {
    const methods = {}
    const data = options.data || {}
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v
    global.Component({
      data,
      methods,
      lifetimes: {
        attached() {
          this.route = pagePath
          this.__route__ = pagePath
          this.options = query
          pages.push(this)
          if (this.onLoad) this.onLoad({ ...query })
          if (this.onShow) this.onShow()
        },
        ready() {
          if (this.onReady) this.onReady()
        },
        detached() {
          if (this.onUnload) this.onUnload()
        }
      }
    })
  }

  require(path.join(DIST, 'app.js'))
  if (!appInstance) throw new Error('dist/weapp/app.js did not call App()')
  if (appInstance.onLaunch) appInstance.onLaunch({ path: pagePath, query, scene: 1047 })
  if (appInstance.onShow) appInstance.onShow({ path: pagePath, query, scene: 1047 })

  const id = simulate.load(path.join(DIST, pagePath), { rootPath: DIST })
  const comp = simulate.render(id)
  const parent = document.createElement('div')
  document.body.appendChild(parent)
  comp.attach(parent)
  return { comp, calls, simulate }
}

/** Wait until `predicate()` is truthy (the React tree renders asynchronously via setData). */
async function waitUntil(predicate, what, tries = 200) {
  for (let i = 0; i < tries; i++) {
    if (predicate()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** Class names without the per-package prefix the compiler adds (e.g. `main--`). */
const classes = (el) => el.className.split(/\s+/).map((c) => c.replace(/^[a-z0-9]+--/, ''))

/** The first compiled <wx-button> whose text contains `text`. */
const buttonWithText = (dom, text) => Array.from(dom.querySelectorAll('wx-button')).find((b) => b.textContent.includes(text))

/** Fires a wxml event on this DOM node through the simulator (found by its first class). */
function fire(comp, el, type, detail = {}) {
  const cls = el.className.split(/\s+/)[0].replace(/^[a-z0-9]+--/, '')
  const wrapper = comp.querySelectorAll(`.${cls}`).find((w) => w.dom === el)
  if (!wrapper) throw new Error(`no simulator node for ${el.tagName}.${cls}`)
  wrapper.dispatchEvent(type, { detail })
}

module.exports = { DIST, assertBuilt, buttonWithText, classes, fire, loadPage, waitUntil }
