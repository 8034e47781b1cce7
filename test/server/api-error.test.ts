/*
 * ApiError: a refusal (below 500) is an answer, never logged, so it captures no stack trace;
 * a 5xx keeps its stack for the log. The stack trace limit is left as it was.
 */
import { ApiError } from '../../server/src/errors'

describe('ApiError', () => {
  test('a refusal carries its status, code and message but no stack frames', () => {
    const limit = Error.stackTraceLimit
    const err = new ApiError(409, 'SLOT_FULL', '该时段已约满，请选择其他时段')
    expect(err).toBeInstanceOf(Error)
    expect([err.status, err.code, err.message, err.name]).toEqual([409, 'SLOT_FULL', '该时段已约满，请选择其他时段', 'ApiError'])
    expect(err.stack).toBe('ApiError: 该时段已约满，请选择其他时段')
    expect(Error.stackTraceLimit).toBe(limit)
  })

  test('a 5xx ApiError keeps its stack frames', () => {
    const limit = Error.stackTraceLimit
    const err = new ApiError(500, 'INTERNAL', '服务器开小差了，请稍后再试')
    expect(err.stack).toMatch(/\n\s+at /)
    expect(Error.stackTraceLimit).toBe(limit)
  })
})
