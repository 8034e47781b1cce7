// H5 end-to-end tests: the compiled server serving dist/h5, driven in Debian's Chromium.
const path = require('node:path')

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  // one browser + one server per file; the files share the machine's two cores
  maxWorkers: 1,
  testTimeout: 120000
}
