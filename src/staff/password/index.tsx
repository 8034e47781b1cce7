import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { getStaffSession, redirectToLogin } from '../../stores/session'
import { PASSWORD_MIN_LENGTH, usePasswordChange } from './usePasswordChange'
import '../staff.scss'
import './index.scss'
import { withPage } from '../../components/Page'

/** staff/password: right after a sign-in with a one-time password, and from the staff home. */
function StaffPasswordPage() {
  const { mustChange, errors, error, submitting, done, submit, logout } = usePasswordChange()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')

  useEffect(() => {
    if (!getStaffSession()) redirectToLogin('staff')
  }, [])

  return (
    <View className='staff password'>
      <View className='staff__card'>
        <Text className='staff__title'>{mustChange ? '请设置新密码' : '修改密码'}</Text>
        <Text className='password__lead'>
          {mustChange
            ? '您正在使用一次性初始密码。为了账号安全，请先设置自己的新密码，然后才能开始工作。'
            : '修改后，本账号在其他手机或电脑上的登录会失效。'}
        </Text>
        <View className='staff__form'>
          <Field
            label={mustChange ? '一次性密码' : '当前密码'}
            name='currentPassword'
            type='password'
            value={current}
            onChange={setCurrent}
            maxLength={256}
            error={errors.current}
            required
          />
          <Field
            label='新密码'
            name='newPassword'
            type='password'
            value={next}
            onChange={setNext}
            maxLength={256}
            hint={`至少 ${PASSWORD_MIN_LENGTH} 位。可以用一句自己记得住的话，例如拼音加数字。`}
            error={errors.next}
            required
          />
          <Field
            label='再次输入新密码'
            name='repeatPassword'
            type='password'
            value={repeat}
            onChange={setRepeat}
            maxLength={256}
            error={errors.repeat}
            required
          />
          <InlineError message={error} testId='password-error' />
          <Button
            type='primary'
            block
            size='large'
            loading={submitting}
            disabled={submitting || done}
            onClick={() => void submit({ current, next, repeat })}
          >
            {submitting ? '正在保存…' : '保存新密码'}
          </Button>
        </View>
      </View>
      <Button className='staff__logout' block fill='outline' onClick={() => void logout()}>
        退出登录
      </Button>
    </View>
  )
}

export default withPage(StaffPasswordPage)
