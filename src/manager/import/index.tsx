import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ImportIssue, ImportResult } from '../../../types'
import { InlineError } from '../../components/InlineError'
import { formatSize } from '../../utils/files'
import { FilePicker } from './FilePicker'
import { downloadTemplate } from './template'
import { useOwnerImport } from './useOwnerImport'
import '../manager.scss'
import './import.scss'
import { withPage } from '../../components/Page'

/** How many problems the table shows; the rest are counted (the file has them all by row). */
const SHOWN = 200

function Counts({ r }: { r: ImportResult }) {
  const line = (label: string, c: ImportResult['houses']) => `${label}：新增 ${c.created}，更新 ${c.updated}，不变 ${c.unchanged}`
  return (
    <View className='import__counts'>
      <Text className='import__count'>{line('房屋', r.houses)}</Text>
      <Text className='import__count'>{line('业主', r.owners)}</Text>
      {r.batchesCreated.length > 0 && <Text className='import__count'>{`新建批次：${r.batchesCreated.join('、')}`}</Text>}
    </View>
  )
}

function IssueTable({ issues, caption, count = issues.length }: { issues: ImportIssue[]; caption: string; count?: number }) {
  if (issues.length === 0) return null
  const shown = Math.min(issues.length, SHOWN)
  return (
    <View className='import__table' role='table' aria-label={caption}>
      <View className='import__tr import__tr--head' role='row'>
        <View className='import__th import__col-row' role='columnheader'><Text>行</Text></View>
        <View className='import__th import__col-col' role='columnheader'><Text>列</Text></View>
        <View className='import__th import__col-msg' role='columnheader'><Text>问题</Text></View>
      </View>
      {issues.slice(0, SHOWN).map((e, i) => (
        <View key={`${e.row}-${e.column}-${i}`} className='import__tr' role='row'>
          <View className='import__td import__col-row' role='cell'><Text>{e.row}</Text></View>
          <View className='import__td import__col-col' role='cell'><Text>{e.column}</Text></View>
          <View className='import__td import__col-msg' role='cell'><Text>{e.message}</Text></View>
        </View>
      ))}
      {count > shown && <Text className='manager__muted import__more'>{`另有 ${count - shown} 条未显示，请先修正以上问题后重新检查`}</Text>}
    </View>
  )
}

/** manager/import: the developer's owner list, checked first (dry run), then imported. */
function ImportOwnersPage() {
  const im = useOwnerImport()
  const [templateError, setTemplateError] = useState<string | null>(null)
  const [downloading, setDownloading] = useState(false)
  const { report, result } = im

  return (
    <View className='manager import'>
      <View className='manager__card'>
        <Text className='manager__title'>导入业主名单</Text>
        <Text className='manager__muted'>
          按模板整理开发商提供的备案业主名单：每位业主一行，同一房屋的共有人各占一行。先检查文件，确认无误后再导入；重复导入同一文件不会产生重复数据。
        </Text>
        <Button
          className='import__action'
          fill='outline'
          block
          loading={downloading}
          data-testid='import-template'
          onClick={async () => {
            setDownloading(true)
            setTemplateError(await downloadTemplate())
            setDownloading(false)
          }}
        >
          下载导入模板
        </Button>
        <InlineError message={templateError} />
      </View>

      <View className='manager__card'>
        <Text className='manager__subtitle'>1. 选择文件</Text>
        <FilePicker onPicked={im.pick} disabled={im.busy !== null} picked={im.file !== null} />
        {im.file && <Text className='import__file' data-testid='import-file-name'>{`已选择：${im.file.name}（${formatSize(im.file.size)}）`}</Text>}
        <Button
          className='import__action'
          type={report ? 'default' : 'primary'}
          block
          disabled={!im.file || im.busy !== null}
          loading={im.busy === 'check'}
          data-testid='import-dry-run'
          onClick={() => void im.check()}
        >
          {report ? '重新检查' : '检查文件'}
        </Button>
        <InlineError message={im.error} testId='import-error' />
      </View>

      {report && (
        <View className='manager__card' data-testid='import-summary'>
          <Text className='manager__subtitle'>2. 检查结果（尚未导入）</Text>
          <Text className='import__lead'>{`共 ${report.total} 行：可导入 ${im.importable} 行，有问题 ${report.rejected} 行${report.duplicates > 0 ? `，重复 ${report.duplicates} 行（只导入一次）` : ''}`}</Text>
          <Counts r={report} />
          {im.importable > 0 && report.houses.created + report.houses.updated + report.owners.created + report.owners.updated === 0 && (
            <Text className='import__count'>文件内容与系统中的数据一致，导入不会产生变化。</Text>
          )}
          <IssueTable issues={report.errors} count={report.errorCount} caption='有问题的行' />
          <IssueTable issues={report.warnings} caption='提示' />
          {report.rejected > 0 && (
            <Text className='import__warn'>{`确认导入时，有问题的 ${report.rejected} 行会被跳过，其余行照常导入；修正后可再次导入这些行。`}</Text>
          )}
          <Button
            className='import__action'
            type='primary'
            block
            disabled={im.importable <= 0 || im.busy !== null}
            loading={im.busy === 'commit'}
            data-testid='import-commit'
            onClick={() => void im.commit()}
          >
            {im.importable > 0 ? `确认导入 ${im.importable} 行` : '没有可导入的行'}
          </Button>
        </View>
      )}

      {result && (
        <View className='manager__card' data-testid='import-result' role='status'>
          <Text className='manager__subtitle'>导入完成</Text>
          <Text className='import__lead'>{`已导入 ${result.total - result.rejected - result.duplicates} 行${result.rejected > 0 ? `，跳过有问题的 ${result.rejected} 行` : ''}。`}</Text>
          <Counts r={result} />
          <IssueTable issues={result.errors} count={result.errorCount} caption='跳过的行' />
        </View>
      )}
    </View>
  )
}

export default withPage(ImportOwnersPage)
