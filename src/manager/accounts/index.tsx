import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { StaffAccount, StaffRole } from '../../../types'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { PAGES } from '../../routes'
import { getStaffSession } from '../../stores/session'
import { STAFF_ROLE_LABELS } from '../../staff/roles'
import { useAccounts, type IssuedPassword } from './useAccounts'
import '../manager.scss'
import './index.scss'
import { withPage } from '../../components/Page'

const ROLES = Object.keys(STAFF_ROLE_LABELS) as StaffRole[]

/** What each role may do, in the words staff use. */
const ROLE_HINTS: Record<StaffRole, string> = {
  reception: '签到取号、查询房屋、回访',
  reviewer: '审核资料和委托书',
  inspector: '验房、整改复验',
  cashier: '柜台收款、收据',
  manager: '全部功能，含小区设置和员工账号'
}

function RolePicker({ id, value, onChange }: { id: string; value: StaffRole; onChange: (r: StaffRole) => void }) {
  return (
    <View className='accounts__picker'>
      <Text className='accounts__label' id={id}>
        角色
      </Text>
      <View role='radiogroup' aria-labelledby={id} className='accounts__roles'>
        {ROLES.map((r) => (
          <Button
            key={r}
            className='accounts__role-btn'
            aria-role='radio'
            aria-checked={value === r}
            type={value === r ? 'primary' : 'default'}
            fill={value === r ? 'solid' : 'outline'}
            onClick={() => onChange(r)}
          >
            {value === r ? `✓ ${STAFF_ROLE_LABELS[r]}` : STAFF_ROLE_LABELS[r]}
          </Button>
        ))}
      </View>
      <Text className='accounts__hint'>{`${STAFF_ROLE_LABELS[value]}：${ROLE_HINTS[value]}`}</Text>
    </View>
  )
}

function IssuedCard({ issued, onCopy, onClose }: { issued: IssuedPassword; onCopy: () => void; onClose: () => void }) {
  const { account, password, reason } = issued
  return (
    <View className='manager__card accounts__issued' aria-live='polite' data-testid='issued-password'>
      <Text className='manager__subtitle'>{reason === 'created' ? '账号已开通' : '密码已重置'}</Text>
      <Text className='accounts__text'>{`请把下面的一次性密码当面交给 ${account.displayName}（用户名 ${account.username}）。`}</Text>
      <Text className='accounts__password' selectable userSelect>
        {password}
      </Text>
      <Text className='accounts__warn'>此密码只显示这一次，关闭后无法再查看；遗失时请重新重置。员工首次登录时必须改成自己的密码。</Text>
      <View className='accounts__actions'>
        <Button className='accounts__btn' type='primary' onClick={onCopy}>
          复制密码
        </Button>
        <Button className='accounts__btn' fill='outline' onClick={onClose}>
          我已记下，关闭
        </Button>
      </View>
    </View>
  )
}

function AccountItem(props: {
  account: StaffAccount
  self: boolean
  busy: boolean
  error: string | null
  onRole: (r: StaffRole) => Promise<unknown>
  onActive: (active: boolean) => void
  onReset: () => void
}) {
  const { account: a, self, busy, error } = props
  const [editing, setEditing] = useState(false)
  const [role, setRole] = useState<StaffRole>(a.role)
  const status = !a.active ? '已停用' : a.mustChangePassword ? '待首次登录改密' : '正常'
  return (
    <View className={`accounts__item${a.active ? '' : ' accounts__item--off'}`} role='listitem' data-testid='account-item'>
      <View className='accounts__head'>
        <Text className='accounts__name'>{self ? `${a.displayName}（本人）` : a.displayName}</Text>
        <Text className='accounts__tag'>{STAFF_ROLE_LABELS[a.role]}</Text>
      </View>
      <Text className='accounts__text'>{`用户名：${a.username}`}</Text>
      <Text className={`accounts__text${a.active ? '' : ' accounts__text--off'}`}>{`状态：${status}`}</Text>
      {editing && (
        <View className='accounts__edit'>
          <RolePicker id={`role-${a.id}`} value={role} onChange={setRole} />
          <View className='accounts__actions'>
            <Button
              className='accounts__btn'
              type='primary'
              loading={busy}
              disabled={busy}
              onClick={() => void props.onRole(role).then((ok) => ok && setEditing(false))}
            >
              保存角色
            </Button>
            <Button className='accounts__btn' fill='outline' onClick={() => setEditing(false)}>
              取消
            </Button>
          </View>
        </View>
      )}
      {self ? (
        <Text className='accounts__hint'>本人账号的角色和状态需由另一位经理修改；自己的密码请在“修改密码”中修改。</Text>
      ) : (
        !editing && (
          <View className='accounts__actions'>
            {a.active && (
              <Button className='accounts__btn' fill='outline' disabled={busy} onClick={() => { setRole(a.role); setEditing(true) }}>
                修改角色
              </Button>
            )}
            {a.active && (
              <Button className='accounts__btn' fill='outline' disabled={busy} onClick={props.onReset}>
                重置密码
              </Button>
            )}
            <Button className='accounts__btn' fill='outline' type={a.active ? 'danger' : 'primary'} disabled={busy} onClick={() => props.onActive(!a.active)}>
              {a.active ? '停用账号' : '启用账号'}
            </Button>
          </View>
        )
      )}
      <InlineError message={error} />
    </View>
  )
}

/** manager/accounts: open, change, disable accounts of the manager's community; one-time passwords shown once. */
function ManagerAccountsPage() {
  const { state, issued, dismissIssued, busyId, actionError, create, setRole, setActive, reset, copy } = useAccounts()
  const selfId = getStaffSession()?.user.id
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setNewRole] = useState<StaffRole>('reception')
  const [formError, setFormError] = useState<{ username?: string; displayName?: string }>({})

  const submit = async () => {
    const u = username.trim()
    const e: typeof formError = {}
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/.test(u)) e.username = '用户名需为 3-32 位字母或数字（可含 . _ -），以字母或数字开头'
    if (displayName.trim() === '') e.displayName = '请填写员工姓名'
    setFormError(e)
    if (Object.keys(e).length > 0) return
    if (await create({ username: u, displayName: displayName.trim(), role })) {
      setUsername('')
      setDisplayName('')
      setNewRole('reception')
    }
  }

  return (
    <View className='manager accounts manager--desk-form'>
      <View className='manager__card'>
        <Text className='manager__title'>员工账号</Text>
        <Text className='manager__muted'>
          为本小区的工作人员开通账号。开通和重置密码都会生成一次性密码，只显示一次；员工首次登录时必须改成自己的密码。
        </Text>
      </View>

      {issued && <IssuedCard issued={issued} onCopy={() => void copy(issued.password)} onClose={dismissIssued} />}

      <View className='accounts__columns'>
        <View className='manager__card accounts__create'>
          <Text className='manager__subtitle'>开通新账号</Text>
          <Field
            label='用户名'
            name='newUsername'
            value={username}
            onChange={setUsername}
            maxLength={32}
            hint='登录时使用，例如 zhangmin 或 reception2'
            error={formError.username}
            required
          />
          <Field label='姓名' name='newDisplayName' value={displayName} onChange={setDisplayName} maxLength={32} hint='例如 客服 张敏' error={formError.displayName} required />
          <RolePicker id='new-role' value={role} onChange={setNewRole} />
          <InlineError message={actionError?.id === 'create' ? actionError.message : null} testId='create-error' />
          <Button type='primary' block size='large' loading={busyId === 'create'} disabled={busyId === 'create'} onClick={() => void submit()}>
            开通账号
          </Button>
        </View>

        <View className='manager__card accounts__list-card'>
          <Text className='manager__subtitle'>{state.phase === 'ready' ? `全部账号（${state.data.items.length}）` : '全部账号'}</Text>
          {state.phase === 'loading' && <Text className='manager__muted'>正在加载…</Text>}
          {state.phase === 'error' && <InlineError message={state.message} />}
          {state.phase === 'ready' && (
            <View role='list' className='accounts__list'>
              {state.data.items.map((a) => (
                <AccountItem
                  key={`${a.id}-${a.role}-${a.active}`}
                  account={a}
                  self={a.id === selfId}
                  busy={busyId === a.id}
                  error={actionError?.id === a.id ? actionError.message : null}
                  onRole={(r) => setRole(a, r)}
                  onActive={(active) => void setActive(a, active)}
                  onReset={() => void reset(a)}
                />
              ))}
            </View>
          )}
          <Button className='accounts__btn accounts__own' fill='outline' block onClick={() => void Taro.navigateTo({ url: PAGES.staffPassword })}>
            修改我自己的密码
          </Button>
        </View>
      </View>
    </View>
  )
}

export default withPage(ManagerAccountsPage)
