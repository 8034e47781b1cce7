// H5 end-to-end tests: the compiled server serving dist/h5, driven in Debian's Chromium.
const path = require('node:path')

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }]

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'e2e',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  // the tests read demo credentials from the seed module, which imports the typebox contract (ESM only)
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  transformIgnorePatterns: ['/node_modules/(?!(typebox|cookie)/)'],
  // one browser + one server per file; the files share the machine's two cores
  maxWorkers: 1,
  testTimeout: 120000
}
