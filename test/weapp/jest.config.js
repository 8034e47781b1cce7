// Loads the COMPILED mini-program (dist/weapp) in miniprogram-simulate. Build first:
// `npm run build:weapp` (the project's test script does it).
const path = require('node:path')

/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'weapp',
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/weapp/**/*.test.js'],
  // the compiled output runs as is
  transform: {},
  testTimeout: 30000
}
