// Drives WeChat DevTools (Windows/macOS only) with miniprogram-automator. Not part of
// `npm test`: run `npm run build:weapp && npm run test:devtools` on a machine with DevTools.
const path = require('node:path')

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'devtools',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/devtools/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } }] },
  testTimeout: 120000
}
