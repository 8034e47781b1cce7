import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import { Field } from '../Field'
import { InlineError } from '../InlineError'
import { PrivacyNotice } from '../PrivacyNotice'
import { EMPTY_VERIFY_FORM, validateVerifyForm, type VerifyFormErrors, type VerifyFormValues } from './validate'
import './index.scss'

export interface VerifyFormProps {
  submitting: boolean
  /** the server's Chinese message for the last attempt */
  serverError?: string | null
  onSubmit: (values: VerifyFormValues) => void
}

/** 业主身份核验 form: owner name + ID tail, optionally a delegate (受托人). */
export function VerifyForm({ submitting, serverError, onSubmit }: VerifyFormProps) {
  const [values, setValues] = useState<VerifyFormValues>(EMPTY_VERIFY_FORM)
  const [errors, setErrors] = useState<VerifyFormErrors>({})
  // the server's message belongs to the last attempt: hidden once the owner edits or a new
  // check finds field errors, so an old banner never sits beside new field errors
  const [serverStale, setServerStale] = useState(false)

  const set = <K extends keyof VerifyFormValues>(key: K, value: VerifyFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }))
    setServerStale(true)
    if (key in errors) setErrors((e) => ({ ...e, [key]: undefined }))
  }

  const submit = () => {
    if (submitting) return
    const found = validateVerifyForm(values)
    setErrors(found)
    if (Object.values(found).some(Boolean)) return setServerStale(true)
    setServerStale(false)
    onSubmit(values)
  }

  return (
    <View className='verify-form' data-testid='verify-form'>
      <Text className='verify-form__title'>核验业主身份</Text>
      <Field
        label='业主姓名'
        name='ownerName'
        required
        value={values.ownerName}
        onChange={(v) => set('ownerName', v)}
        placeholder='与购房合同上的姓名一致'
        maxLength={40}
        error={errors.ownerName}
      />
      <Field
        label='身份证号后6位'
        name='ownerIdTail'
        required
        type='idcard'
        value={values.ownerIdTail}
        onChange={(v) => set('ownerIdTail', v)}
        placeholder='例如 12345X'
        maxLength={6}
        hint='填写业主本人身份证号码的最后 6 位，末位是 X 的请填写 X'
        error={errors.ownerIdTail}
      />

      <View className='verify-form__switch-row'>
        <Text className='verify-form__switch-label' id='delegate-switch-label'>
          我是受托人（代办）
        </Text>
        <Switch
          className='verify-form__switch'
          aria-label='我是受托人（代办）'
          checked={values.isDelegate}
          onChange={(checked: boolean) => set('isDelegate', checked)}
        />
      </View>

      {values.isDelegate && (
        <View className='verify-form__delegate' data-testid='delegate-fields'>
          <Field
            label='受托人姓名'
            name='delegateName'
            required
            value={values.delegateName}
            onChange={(v) => set('delegateName', v)}
            placeholder='代办人本人的姓名'
            maxLength={40}
            error={errors.delegateName}
          />
          <Field
            label='受托人身份证号'
            name='delegateIdNumber'
            required
            type='idcard'
            value={values.delegateIdNumber}
            onChange={(v) => set('delegateIdNumber', v)}
            placeholder='18 位身份证号码'
            maxLength={18}
            error={errors.delegateIdNumber}
          />
          <Text className='verify-form__note'>
            核验通过后，请上传业主签署的《委托书》（照片或 PDF），工作人员审核通过后即可代办全部事项。
          </Text>
        </View>
      )}

      <InlineError message={serverStale ? null : serverError} testId='verify-error' />

      <Button
        className='verify-form__submit'
        type='primary'
        block
        size='large'
        loading={submitting}
        disabled={submitting}
        onClick={submit}
      >
        {submitting ? '正在核验…' : '核验并进入'}
      </Button>

      <PrivacyNotice />
    </View>
  )
}

export default VerifyForm
