import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { GenerateSW } from 'workbox-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * API base URL, fixed at build time from TARO_APP_API_BASE.
 * H5 default '' = same origin (the API server serves dist/h5).
 * weapp default http://127.0.0.1:3000 (DevTools with 「不校验合法域名」 / urlCheck false);
 * a release build must set an https domain registered in the mini-program console.
 */
function apiBase(): string {
  const fromEnv = process.env.TARO_APP_API_BASE
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.replace(/\/+$/, '')
  return process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:3000'
}

/**
 * H5 only, production builds: the service worker that lets a phone reopen the app offline
 * (issue 12: queued entries are kept in Taro storage / IndexedDB, but an offline reload showed
 * the browser's error page). Workbox's GenerateSW over a hand-written worker: it takes the
 * precache list and each file's revision from webpack's own assets (so every deploy's worker
 * differs exactly when a file does), and brings the tested install / activate / old-cache
 * clean-up logic; InjectManifest would only be needed for code of our own in the worker.
 * - precached: the built JS, CSS, fonts/images and index.html (hashed names need no revision);
 * - a navigation offline is answered with the cached index.html (the app uses the hash router,
 *   so every page is index.html);
 * - /api/ and /uploads/ get no route at all: the worker never answers them, never stores
 *   them (personal data; the API is the truth), the browser fetches them as without a worker;
 * - skipWaiting + clientsClaim: a new deploy's worker takes over at once and the next load runs
 *   the new build. No update prompt: one more dialog on site for an inspector, and nothing is
 *   lost by a reload (unsent entries are kept on the phone, not in the page).
 */
function serviceWorkerOptions(): ConstructorParameters<typeof GenerateSW>[0] {
  return {
    swDest: 'sw.js',
    // one file: no separate workbox-<hash>.js for the server to serve and the browser to fetch
    inlineWorkboxRuntime: true,
    mode: 'production',
    sourcemap: false,
    skipWaiting: true,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    exclude: [/\.LICENSE\.txt$/, /\.map$/, /^sw\.js$/],
    dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.(js|css|png|jpe?g|webp|svg|woff2?|ttf)$/,
    maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/uploads(\/|$)/]
  }
}

export default defineConfig<'webpack5'>(async (merge) => {
  const taroEnv = process.env.TARO_ENV ?? 'weapp'
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'anjia',
    date: '2025-11-27',
    // NutUI is drawn at 375; our own styles at 750.
    designWidth(input) {
      const file = typeof input === 'object' && input !== null ? (input as { file?: string }).file : undefined
      if (file && file.replace(/\\+/g, '/').includes('@nutui')) return 375
      return 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT: a private build folder, so parallel local builds do not clobber dist/
    outputRoot: process.env.TARO_OUTPUT_ROOT || `dist/${taroEnv}`,
    plugins: ['@tarojs/plugin-html', path.resolve(__dirname, 'plugins/weapp-aria.js')],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase())
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      prebundle: {
        exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro']
      }
    },
    cache: { enable: false },
    mini: {
      // types/ is imported by value since types/stages.ts (plain values): compile it like src/
      compile: { include: [path.resolve(__dirname, '..', 'types')] },
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    },
    h5: {
      compile: { include: [path.resolve(__dirname, '..', 'types')] },
      webpackChain(chain) {
        if (process.env.NODE_ENV !== 'production') return
        chain.plugin('service-worker').use(GenerateSW, [serviceWorkerOptions()])
      },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js'
      },
      imageUrlLoaderOption: { name: 'static/images/[name].[contenthash:8].[ext]' },
      fontUrlLoaderOption: { name: 'static/fonts/[name].[contenthash:8].[ext]' },
      mediaUrlLoaderOption: { name: 'static/media/[name].[contenthash:8].[ext]' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css'
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
