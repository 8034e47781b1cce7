import { idNumberChecksumOk, toVerifyRequest, validateVerifyForm, EMPTY_VERIFY_FORM } from '../../src/components/VerifyForm/validate'

describe('verify form validation', () => {
  it('accepts a name and a 6-character tail ending in X', () => {
    expect(validateVerifyForm({ ...EMPTY_VERIFY_FORM, ownerName: '张三', ownerIdTail: '12345x' })).toEqual({})
  })

  it('rejects a tail with a letter before the last place', () => {
    expect(validateVerifyForm({ ...EMPTY_VERIFY_FORM, ownerName: '张三', ownerIdTail: '1234X5' }).ownerIdTail).toBeTruthy()
  })

  it('requires the delegate fields only when acting as a delegate', () => {
    const base = { ...EMPTY_VERIFY_FORM, ownerName: '张三', ownerIdTail: '123456' }
    expect(validateVerifyForm(base)).toEqual({})
    const errors = validateVerifyForm({ ...base, isDelegate: true })
    expect(errors.delegateName).toBe('请填写受托人姓名')
    expect(errors.delegateIdNumber).toBe('请填写受托人身份证号')
  })

  it('checks the ID number check digit', () => {
    expect(idNumberChecksumOk('11010519491231002X')).toBe(true)
    expect(idNumberChecksumOk('110105194912310021')).toBe(false)
  })

  it('builds the request with upper-case X and trimmed names', () => {
    const body = toVerifyRequest('tok', {
      ownerName: ' 张三 ', ownerIdTail: '12345x', isDelegate: true, delegateName: '李四', delegateIdNumber: '11010519491231002x'
    })
    expect(body).toEqual({
      token: 'tok', ownerName: '张三', ownerIdTail: '12345X', delegate: { name: '李四', idNumber: '11010519491231002X' }
    })
  })
})
