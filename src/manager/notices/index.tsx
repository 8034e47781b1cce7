import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { reopenPdf } from '../../api/pdf'
import { useNotices, type Scope } from './useNotices'
import '../manager.scss'
import './notices.scss'
import { withPage } from '../../components/Page'

function ScopeChips({ title, by, values, scope, onPick }: { title: string; by: Scope['by']; values: string[]; scope: Scope | null; onPick: (s: Scope) => void }) {
  if (values.length === 0) return null
  return (
    <View className='notices__group'>
      <Text className='notices__label' id={`notices-${by}-label`}>
        {title}
      </Text>
      <View className='notices__chips' role='radiogroup' aria-labelledby={`notices-${by}-label`}>
        {values.map((v) => {
          const on = scope?.by === by && scope.value === v
          return (
            <Button
              key={v}
              className='notices__chip'
              data-testid={`notices-${by}-${v}`}
              aria-role='radio'
              aria-checked={on}
              type={on ? 'primary' : 'default'}
              fill={on ? 'solid' : 'outline'}
              onClick={() => onPick({ by, value: v })}
            >
              {on ? `✓ ${v}` : v}
            </Button>
          )
        })}
      </View>
    </View>
  )
}

/** manager/notices: print the 入伙通知书 (one A4 page per house) or QR stickers for a building or batch. */
function ManagerNoticesPage() {
  const n = useNotices()
  const working = n.print.phase === 'working'
  return (
    <View className='manager notices manager--desk-form'>
      <View className='manager__card'>
        <Text className='manager__title'>打印入伙通知书</Text>
        <Text className='manager__muted'>
          每户一页 A4：房号、业主（姓名已打码）、办理时间与地点、携带资料、费用概览和该户专属二维码（4.5 厘米）。请在交付前 10-15 天寄出。
        </Text>
      </View>

      <View className='manager__card'>
        {n.loadError ? <InlineError message={n.loadError} testId='notices-load-error' /> : null}
        {!n.choices && !n.loadError ? <Text className='manager__muted'>正在加载…</Text> : null}
        {n.choices ? (
          <>
            <View className='notices__scopes'>
              <ScopeChips title='按楼栋' by='building' values={n.choices.buildings} scope={n.scope} onPick={n.setScope} />
              <ScopeChips title='按批次' by='batch' values={n.choices.batches} scope={n.scope} onPick={n.setScope} />
            </View>
            {n.choices.buildings.length === 0 ? <Text className='manager__muted'>还没有房屋，请先导入业主名单。</Text> : null}
          </>
        ) : null}
        {n.scope ? (
          <Text className='notices__summary' data-testid='notices-count'>
            {n.count === null ? `已选：${n.scope.value}` : `已选：${n.scope.value}，共 ${n.count} 户（${n.count} 页通知书，${Math.ceil(n.count / 12)} 页贴纸）`}
          </Text>
        ) : null}
        <View className='notices__buttons'>
          <Button
            className='notices__button'
            data-testid='notices-pdf'
            type='primary'
            size='large'
            loading={working && n.print.phase === 'working' && n.print.kind === 'notices'}
            disabled={!n.scope || working}
            onClick={() => void n.run('notices')}
          >
            生成通知书 PDF
          </Button>
          <Button
            className='notices__button'
            data-testid='notices-stickers'
            type='primary'
            fill='outline'
            size='large'
            loading={working && n.print.phase === 'working' && n.print.kind === 'stickers'}
            disabled={!n.scope || working}
            onClick={() => void n.run('stickers')}
          >
            二维码贴纸
          </Button>
        </View>
        {n.print.phase === 'working' ? (
          <View role='status'>
            <Text className='manager__muted'>正在生成，户数多时需要几秒钟…</Text>
          </View>
        ) : null}
        {n.print.phase === 'done' ? (
          <View className='notices__done' role='status' data-testid='notices-status'>
            <Text className='notices__ok'>{`${n.print.kind === 'notices' ? '通知书' : '贴纸'}已生成${n.print.bytes ? `（${Math.max(1, Math.round(n.print.bytes / 1024))} KB）` : ''}，已打开。`}</Text>
            {n.print.generated ? <Text className='manager__muted'>{`本次新生成小程序码 ${n.print.generated} 个。`}</Text> : null}
            <Text className='manager__muted'>
              没有自动打开？
              <Text className='notices__open' data-testid='notices-open' onClick={() => n.print.phase === 'done' && reopenPdf(n.print.url)}>
                点此打开 PDF
              </Text>
            </Text>
            <Text className='manager__muted'>打印时请选择 A4、实际大小（100%），不要“缩放以适合页面”，二维码才能保持 4.5 厘米。</Text>
          </View>
        ) : null}
        {n.print.phase === 'error' ? (
          <View data-testid='notices-error'>
            <InlineError message={n.print.message} />
            {n.print.failed.map((f) => (
              <Text key={f.houseId} className='notices__failed'>{`${f.label}：${f.message}（错误码 ${f.code}）`}</Text>
            ))}
          </View>
        ) : null}
      </View>

      <View className='manager__card'>
        <Text className='manager__subtitle'>单户打印与补发</Text>
        <Text className='manager__muted'>通知书遗失或需要单独打印时，在房屋列表中找到该户操作。</Text>
        <Button className='notices__chip' data-testid='notices-to-houses' onClick={() => void Taro.navigateTo({ url: '/manager/houses/index' })}>
          打开房屋列表
        </Button>
      </View>
    </View>
  )
}

export default withPage(ManagerNoticesPage)
