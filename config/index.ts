import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
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
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    },
    h5: {
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
