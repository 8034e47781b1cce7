// API server tests: repositories and routes on SQLite, and on PostgreSQL when DATABASE_URL is set.
const path = require('node:path')

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }]

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'server',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/server'],
  testMatch: ['<rootDir>/test/server/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': swc,
    // typebox 1.x (.mjs) and cookie 2 (light-my-request) ship ESM only: swc turns them into CommonJS
    '^.+\\.mjs$': swc
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  transformIgnorePatterns: ['/node_modules/(?!(typebox|cookie)/)'],
  // each file owns its database (SQLite file or PostgreSQL schema); two cores
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/server/pg-setup.cjs',
  globalTeardown: '<rootDir>/test/server/pg-teardown.cjs',
  testTimeout: 30000
}
