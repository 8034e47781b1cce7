import { request, resetTaroDouble } from './taro-double'
import { sendRepairFix, type RepairFixEntry } from '../../src/hooks/useRepairs'
import { setStaffSession } from '../../src/stores/session'
import type { QueueEntry } from '../../src/utils/offline-queue'

// the kept photo (IndexedDB in the browser; jsdom has none): a map standing in for the store
const mockKept = new Map<string, Blob>()
const kept = mockKept
jest.mock('../../src/utils/photo-store', () => ({
  keepPhoto: jest.fn(),
  loadPhoto: jest.fn(async (id: string) => (mockKept.has(id) ? { name: "after.jpg", size: 4, file: mockKept.get(id) } : null)),
  dropPhoto: jest.fn(async (id: string) => void mockKept.delete(id))
}))

const entry = (over: Partial<RepairFixEntry> = {}): QueueEntry<RepairFixEntry> => ({
  key: '55555555-5555-4555-8555-555555555555',
  kind: 'repair-fixed',
  queuedAt: 1,
  attempts: 0,
  payload: { repairId: 9, inspectionId: 7, where: '1栋1单元0301 卫生间·淋浴区', contractor: false, note: '重做防水层', photo: { localId: 'photo-x', name: 'after.jpg', size: 4 }, ...over }
})

// the H5 upload is a multipart fetch
const fetchMock = jest.fn()
;(globalThis as { fetch: unknown }).fetch = fetchMock

beforeEach(() => {
  resetTaroDouble()
  fetchMock.mockReset()
  kept.clear()
  kept.set('photo-x', new Blob(['abcd']))
  setStaffSession({
    token: 'staff-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 2, username: 'inspector', displayName: '验房 王工', role: 'inspector', communityName: '锦绣花园' },
    mustChangePassword: false
  })
})

describe('a repair fixed on site, sent from the queue', () => {
  it('offline: retried later with nothing lost; the photo is uploaded once, then the order marked fixed', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const first = await sendRepairFix(entry())
    expect(first).toMatchObject({ ok: false, retry: true })
    expect(kept.has('photo-x')).toBe(true)

    fetchMock.mockResolvedValueOnce({ status: 201, json: async () => ({ id: 31, url: '/api/staff/files/31' }) })
    request.mockResolvedValueOnce({ statusCode: 503, data: { error: { code: 'UNAVAILABLE', message: '服务暂不可用' } }, header: {} })
    const second = await sendRepairFix(entry())
    // the upload id stays in the entry: the next try does not upload again
    expect(second).toMatchObject({ ok: false, retry: true, payload: { photo: { uploadId: 31 } } })

    request.mockResolvedValueOnce({ statusCode: 200, data: { id: 9, status: 'fixed' }, header: {} })
    const third = await sendRepairFix(entry({ photo: { localId: 'photo-x', uploadId: 31, name: 'after.jpg', size: 4 } }))
    expect(third).toEqual({ ok: true })
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(request.mock.calls.at(-1)![0]).toMatchObject({ method: 'POST', data: { afterPhotoUploadId: 31, note: '重做防水层' } })
    expect(kept.has('photo-x')).toBe(false)
  })

  it('a retry after a lost answer finds the order fixed (409): done, not a failure', async () => {
    request.mockResolvedValueOnce({ statusCode: 409, data: { error: { code: 'CONFLICT', message: '该整改单已完成整改' } }, header: {} })
    expect(await sendRepairFix(entry({ photo: { localId: 'photo-x', uploadId: 31, name: 'after.jpg', size: 4 } }))).toEqual({ ok: true })
  })

  it('the photo gone from the phone: a final failure the page names', async () => {
    kept.clear()
    expect(await sendRepairFix(entry())).toEqual({ ok: false, retry: false, message: '照片已不在本机，请重新拍照' })
    expect(fetchMock).not.toHaveBeenCalled()
  })
})
