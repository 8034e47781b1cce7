import { configure, render, screen } from '@testing-library/react'
import { request, resetTaroDouble, setRouterParams } from './taro-double'
import AgreementSignedPage from '../../src/owner/agreements/signed/index'
import { setOwnerSession } from '../../src/stores/session'

configure({ asyncUtilTimeout: 5000 })

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }
const COPY = {
  id: 2,
  kind: 'fee_collection',
  title: '前期物业费代收代缴协议',
  version: 1,
  body: '甲方……乙方……',
  communityName: '锦绣花园',
  houseLabel: '1栋2单元1201',
  signer: '业主 张*明',
  signedAt: '2026-03-02T02:00:00.000Z',
  sha256: 'ab'.repeat(32),
  signatureUrl: '/api/owner/agreements/2/signature'
}

function serve() {
  request.mockImplementation(async (o: { url: string }) => {
    if (o.url.endsWith('/api/owner/agreements/2/signed')) return { statusCode: 200, data: COPY, header: {} }
    if (o.url.endsWith('/signature')) return { statusCode: 200, data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer, header: { 'content-type': 'image/png' } }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到' } }, header: {} }
  })
}

beforeEach(() => {
  resetTaroDouble()
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE } as never)
})

describe('signed copy', () => {
  it('right after signing: 签署成功 says it worked, and the PDF can be saved', async () => {
    setRouterParams({ id: '2', signed: '1' })
    serve()
    render(<AgreementSignedPage />)
    const ok = await screen.findByTestId('signed-success')
    expect(ok.textContent).toContain('签署成功')
    expect(ok.textContent).toContain('《前期物业费代收代缴协议》已签署并存证')
    expect(ok.getAttribute('role')).toBe('status')
    expect(screen.getByText('保存协议（PDF）')).toBeTruthy()
  })

  it('opened later from the list: no success banner', async () => {
    setRouterParams({ id: '2' })
    serve()
    render(<AgreementSignedPage />)
    await screen.findByTestId('signed-info')
    expect(screen.queryByTestId('signed-success')).toBeNull()
  })
})
