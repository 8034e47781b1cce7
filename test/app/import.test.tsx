// manager/import: pick a file, the dry-run report (counts and the 行/列/问题 table), the commit result.
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { resetTaroDouble } from './taro-double'
import ImportOwnersPage from '../../src/manager/import/index'
import { setStaffSession } from '../../src/stores/session'
import type { ImportResult } from '../../types'

jest.setTimeout(30000)

function report(over: Partial<ImportResult> = {}): ImportResult {
  return {
    dryRun: true,
    sheet: '备案名单',
    total: 10,
    rejected: 2,
    duplicates: 1,
    houses: { created: 4, updated: 1, unchanged: 0 },
    owners: { created: 5, updated: 0, unchanged: 2 },
    batchesCreated: ['第一批'],
    errorCount: 2,
    errors: [
      { row: 10, column: '建筑面积(㎡)', code: 'AREA_INVALID', message: '建筑面积应为大于 0、不超过 10000 的数字（平方米）' },
      { row: 11, column: '身份证号', code: 'ID_NUMBER_INVALID', message: '身份证号校验位不正确，请核对' }
    ],
    warnings: [{ row: 9, column: '房号', code: 'DUPLICATE_ROW', message: '与第 8 行完全相同，只导入一次' }],
    ...over
  }
}

const fetchMock = jest.fn()
const json = (status: number, body: unknown) => ({ status, ok: status < 300, json: async () => body })

beforeEach(() => {
  resetTaroDouble()
  fetchMock.mockReset()
  ;(globalThis as { fetch?: unknown }).fetch = fetchMock
  setStaffSession({
    token: 'mgr-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 5, username: 'manager', displayName: '项目经理', role: 'manager', communityName: '安家二期' },
    mustChangePassword: false
  } as Parameters<typeof setStaffSession>[0])
})

function pick(name = 'owners.xlsx', size = 2048) {
  const input = screen.getByTestId('import-file') as HTMLInputElement
  const file = new File([new Uint8Array(size)], name)
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  fireEvent.change(input)
}

/** NutUI renders a custom element: disabled shows as its class */
const disabled = (testId: string) => screen.getByTestId(testId).classList.contains('nut-button-disabled')

async function click(testId: string) {
  await act(async () => {
    fireEvent.click(screen.getByTestId(testId))
  })
}

test('a dry run shows the counts and every problem by row and column, then the commit shows the result', async () => {
  render(<ImportOwnersPage />)
  expect(disabled('import-dry-run')).toBe(true)
  pick()
  expect(screen.getByTestId('import-file-name').textContent).toBe('已选择：owners.xlsx（2 KB）')

  fetchMock.mockResolvedValueOnce(json(200, report()))
  await click('import-dry-run')
  const [url, init] = fetchMock.mock.calls[0]
  expect(url).toBe('/api/staff/imports/houses?dryRun=true')
  expect(init.method).toBe('POST')
  expect(init.headers).toEqual({ Authorization: 'Bearer mgr-tok' })
  expect((init.body as FormData).get('file')).toBeInstanceOf(File)

  const summary = screen.getByTestId('import-summary')
  expect(within(summary).getByText('共 10 行：可导入 7 行，有问题 2 行，重复 1 行（只导入一次）')).toBeTruthy()
  expect(within(summary).getByText('房屋：新增 4，更新 1，不变 0')).toBeTruthy()
  expect(within(summary).getByText('新建批次：第一批')).toBeTruthy()
  const table = within(summary).getByRole('table', { name: '有问题的行' })
  const rows = within(table).getAllByRole('row').map((r) => Array.from(r.querySelectorAll('[role=cell],[role=columnheader]')).map((c) => c.textContent))
  expect(rows).toEqual([
    ['行', '列', '问题'],
    ['10', '建筑面积(㎡)', '建筑面积应为大于 0、不超过 10000 的数字（平方米）'],
    ['11', '身份证号', '身份证号校验位不正确，请核对']
  ])
  expect(within(summary).getByRole('table', { name: '提示' })).toBeTruthy()
  expect(within(summary).getByText(/有问题的 2 行会被跳过/)).toBeTruthy()
  expect(screen.queryByTestId('import-result')).toBeNull()

  fetchMock.mockResolvedValueOnce(json(200, report({ dryRun: false })))
  await click('import-commit')
  expect(fetchMock.mock.calls[1][0]).toBe('/api/staff/imports/houses?dryRun=false')
  const result = screen.getByTestId('import-result')
  expect(within(result).getByText('已导入 7 行，跳过有问题的 2 行。')).toBeTruthy()
  expect(within(result).getByText('业主：新增 5，更新 0，不变 2')).toBeTruthy()
  expect(screen.queryByTestId('import-summary')).toBeNull()
  expect(screen.queryByTestId('import-file-name')).toBeNull()
  expect(disabled('import-dry-run')).toBe(true)
})

test('a file-level problem from the server is shown next to the button, with no report', async () => {
  render(<ImportOwnersPage />)
  pick('名单.csv')
  fetchMock.mockResolvedValueOnce(json(400, { error: { code: 'IMPORT_NO_HEADER', message: '没有找到表头行：请使用模板' } }))
  await click('import-dry-run')
  expect(screen.getByTestId('import-error').textContent).toBe('没有找到表头行：请使用模板')
  expect(screen.queryByTestId('import-summary')).toBeNull()
})

test('an old .xls or another file type is refused before anything is sent', async () => {
  render(<ImportOwnersPage />)
  pick('名单.xls')
  expect(screen.getByTestId('import-error').textContent).toBe('不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后重新选择')
  pick('photo.png')
  expect(screen.getByTestId('import-error').textContent).toBe('请选择 .xlsx 或 .csv 格式的业主名单')
  expect(disabled('import-dry-run')).toBe(true)
  expect(fetchMock).not.toHaveBeenCalled()
})

test('with nothing importable the commit button is disabled and says so', async () => {
  render(<ImportOwnersPage />)
  pick()
  fetchMock.mockResolvedValueOnce(json(200, report({ total: 2, rejected: 2, duplicates: 0 })))
  await click('import-dry-run')
  const commit = screen.getByTestId('import-commit')
  expect(commit.textContent).toContain('没有可导入的行')
  expect(disabled('import-commit')).toBe(true)
})

test('a file identical to what is stored says the import changes nothing', async () => {
  render(<ImportOwnersPage />)
  pick()
  const same = { created: 0, updated: 0, unchanged: 4 }
  fetchMock.mockResolvedValueOnce(json(200, report({ rejected: 0, duplicates: 0, total: 4, errorCount: 0, errors: [], warnings: [], batchesCreated: [], houses: same, owners: same })))
  await click('import-dry-run')
  expect(screen.getByText('文件内容与系统中的数据一致，导入不会产生变化。')).toBeTruthy()
  expect(screen.queryByRole('table')).toBeNull()
  expect(disabled('import-commit')).toBe(false)
})
