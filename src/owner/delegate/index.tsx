import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { useDelegateUpload } from '../../hooks/useDelegateUpload'
import { PAGES } from '../../routes'
import { formatSize } from '../../utils/files'
import { PICK_SOURCES } from '../../utils/pickFile'
import './index.scss'
import { withPage } from '../../components/Page'

const STATUS_TEXT = {
  missing: { title: '尚未上传委托书', text: '请上传业主签署的《委托书》照片或 PDF，需包含委托事项、双方姓名与身份证号、业主签名及日期。' },
  pending_review: { title: '委托书审核中', text: '工作人员将在 24 小时内完成审核，结果会显示在首页。审核期间您仍可浏览入伙进度。' },
  rejected: { title: '委托书未通过审核', text: '请按工作人员的说明重新上传清晰、完整的委托书。' },
  approved: { title: '委托书已审核通过', text: '您可以代业主办理全部入伙事项。' }
} as const

/** owner/delegate: the delegate uploads the power of attorney (委托书). */
function DelegatePage() {
  const { state, uploading, uploadError, lastFile, pickAndUpload, reload } = useDelegateUpload()

  if (state.phase === 'loading') {
    return (
      <View className='delegate' aria-busy='true'>
        <Text className='delegate__muted'>正在读取委托书状态…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='delegate'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const { me } = state
  if (me.role !== 'delegate') {
    return (
      <View className='delegate'>
        <View className='delegate__card'>
          <Text className='delegate__title'>您是业主本人，无需上传委托书</Text>
          <Button type='primary' block onClick={() => void Taro.reLaunch({ url: PAGES.home })}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }

  const status = me.delegateStatus ?? 'missing'
  const info = STATUS_TEXT[status]
  const canUpload = status !== 'approved'

  return (
    <View className='delegate'>
      <View className={`delegate__card delegate__card--${status}`} data-testid='delegate-status'>
        <Text className='delegate__title'>{info.title}</Text>
        <Text className='delegate__text'>{info.text}</Text>
        {me.delegateName && <Text className='delegate__muted'>{`受托人：${me.delegateName}`}</Text>}
        {lastFile && <Text className='delegate__muted'>{`已提交：${lastFile.name}（${formatSize(lastFile.size)}）`}</Text>}
      </View>

      {canUpload && (
        <View className='delegate__card'>
          <Text className='delegate__subtitle'>{status === 'pending_review' ? '需要更换文件？' : '上传委托书'}</Text>
          <Text className='delegate__muted'>支持 JPG、PNG 图片或 PDF，单个文件不超过 10 MB。</Text>
          <InlineError message={uploadError} testId='upload-error' />
          {PICK_SOURCES.map((s, i) => (
            <Button
              key={s.source}
              className='delegate__button'
              type={i === 0 ? 'primary' : 'default'}
              block
              loading={uploading && i === 0}
              disabled={uploading}
              onClick={() => void pickAndUpload(s.source)}
            >
              {uploading && i === 0 ? '正在上传…' : s.label}
            </Button>
          ))}
        </View>
      )}

      <Button className='delegate__button' block fill='outline' onClick={() => void Taro.reLaunch({ url: PAGES.home })}>
        返回首页
      </Button>
    </View>
  )
}

export default withPage(DelegatePage)
