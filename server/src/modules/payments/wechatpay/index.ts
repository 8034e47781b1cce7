/** WeChat Pay API v3 with Node's crypto only; see README.md in this folder. */
export * from './types'
export * from './signing'
export * from './notify'
export * from './check'
export * from './client'
export * from './sandbox'
