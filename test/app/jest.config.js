// Component and unit tests of the Taro app in jsdom (@tarojs/test-utils-react needs Taro 3.6, so the mappings below do its work).
const path = require('node:path')

const root = path.resolve(__dirname, '../..')
// ESM-only packages that must be transformed, wherever they sit: Taro's packages nest their
// own node_modules/.pnpm (tslib, style-inject...), so anything below them is transformed too
const esm = [
  '@tarojs',
  '@nutui',
  '@stencil',
  '@swc/helpers',
  'lodash-es',
  'swiper',
  'query-string',
  'decode-uri-component',
  'split-on-first',
  'filter-obj'
]

/** @type {import('jest').Config} */
module.exports = {
  rootDir: root,
  displayName: 'app',
  testEnvironment: 'jsdom',
  testEnvironmentOptions: { customExportConditions: [''] },
  testMatch: ['<rootDir>/test/app/**/*.test.ts', '<rootDir>/test/app/**/*.test.tsx'],
  // `./x` resolves to x.h5.ts first: the H5 variant is what jsdom can run
  moduleFileExtensions: ['h5.tsx', 'h5.ts', 'tsx', 'ts', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.(mjs|cjs|js|jsx|ts|tsx)$': ['babel-jest', { configFile: path.join(root, 'babel.config.js') }]
  },
  transformIgnorePatterns: [`^(?!.*/node_modules/(${esm.join('|')})/).*/node_modules/`],
  moduleNameMapper: {
    '\\.(css|scss|sass|less)$': '<rootDir>/test/app/style-stub.js',
    '^@tarojs/components$': '<rootDir>/node_modules/@tarojs/components/lib/react/index.js',
    '^@tarojs/taro$': '<rootDir>/test/app/taro-double.ts'
  },
  setupFiles: ['<rootDir>/test/app/setup-env.js'],
  globals: {
    TARO_ENV: 'h5',
    TARO_PLATFORM: 'web',
    FRAMEWORK: 'react',
    SUPPORT_TARO_POLYFILL: 'disabled',
    DEPRECATED_ADAPTER_COMPONENT: false,
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: true,
    ENABLE_SIZE_APIS: false,
    ENABLE_TEMPLATE_CONTENT: true,
    ENABLE_CLONE_NODE: true,
    ENABLE_CONTAINS: true,
    ENABLE_MUTATION_OBSERVER: false,
    API_BASE: ''
  }
}
