import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { useStaffLogin } from '../../hooks/useStaffLogin'
import '../staff.scss'
import { withPage } from '../../components/Page'

/** staff/login: username + password for property staff. */
function StaffLoginPage() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const { login, submitting, error } = useStaffLogin()

  return (
    <View className='staff'>
      <View className='staff__card'>
        <Text className='staff__title'>工作人员登录</Text>
        <Text className='staff__muted'>物业客服、工程、财务及项目经理使用。账号由项目经理分配。</Text>
        <View className='staff__form'>
          <Field
            label='用户名'
            name='username'
            value={username}
            onChange={setUsername}
            maxLength={64}
            placeholder='请输入工号/手机号'
            required
          />
          <Field
            label='密码'
            name='password'
            type='password'
            value={password}
            onChange={setPassword}
            maxLength={256}
            placeholder='请输入密码'
            required
          />
          <InlineError message={error} testId='staff-login-error' />
          <Button
            type='primary'
            block
            size='large'
            loading={submitting}
            disabled={submitting}
            onClick={() => void login(username, password)}
          >
            {submitting ? '正在登录…' : '登录'}
          </Button>
        </View>
      </View>
    </View>
  )
}

export default withPage(StaffLoginPage)
