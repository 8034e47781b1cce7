/*
 * The dashboard as an Excel workbook for the developer: one sheet per dashboard table and
 * the house list (每户). Built from computeDashboard's result, so every number is the JSON's.
 * Header row bold and frozen, column widths set; times in Shanghai (YYYY-MM-DD HH:mm).
 */
import ExcelJS from 'exceljs'
import { maskName } from '../../lib/crypto'
import { shanghaiDateTime } from '../../lib/time'
import { STAGE_TITLES } from '../../../../types/stages'
import { byLabel, type DashboardResult } from './service'

const ROLE_TITLES: Record<string, string> = { reception: '接待', reviewer: '审核', inspector: '验房', cashier: '收银', manager: '经理' }

/** ISO instant → Shanghai "YYYY-MM-DD HH:mm"; null → empty cell. */
export function shanghaiText(iso: string | null | undefined): string {
  if (!iso) return ''
  return shanghaiDateTime(iso)
}

type Cell = string | number | null

function sheet(wb: ExcelJS.Workbook, name: string, columns: { header: string; width: number }[], rows: Cell[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }))
  ws.getRow(1).font = { bold: true }
  for (const r of rows) ws.addRow(r.map((v) => (v === null || v === '' ? undefined : v)))
  return ws
}

export async function dashboardWorkbook(result: DashboardResult, owners: Map<number, string>): Promise<Buffer> {
  const d = result.dashboard
  const wb = new ExcelJS.Workbook()
  wb.creator = '安家 Anjia'
  wb.created = new Date(d.generatedAt)

  const buildingName = new Map(d.options.buildings.map((b) => [b.id, b.name]))

  sheet(
    wb,
    '办理漏斗',
    [
      { header: '环节', width: 14 },
      { header: '环节代码', width: 12 },
      { header: '已完成户数', width: 12 },
      { header: '办理中户数', width: 12 }
    ],
    d.funnel.map((f) => [f.title, f.stage, f.done, f.inProgress])
  )

  sheet(
    wb,
    '批次收楼',
    [
      { header: '批次', width: 14 },
      { header: '开始日期', width: 12 },
      { header: '结束日期', width: 12 },
      { header: '户数', width: 8 },
      { header: '应交付', width: 8 },
      { header: '已收楼', width: 8 },
      { header: '收楼率', width: 10 },
      { header: '答卷数', width: 8 },
      { header: 'CSI', width: 8 }
    ],
    d.batches.map((b) => [b.title, b.startsOn, b.endsOn, b.houses, b.due, b.handedOver, b.handoverRate, b.responses, b.csi])
  )

  const timeRows: Cell[][] = []
  for (const t of d.stageTimes) {
    for (const s of t.stages) timeRows.push([t.title, s.title, s.count, s.medianHours, s.p90Hours])
    timeRows.push([t.title, '全流程（核验→完成）', t.journey.count, t.journey.medianHours, t.journey.p90Hours])
  }
  sheet(
    wb,
    '环节用时',
    [
      { header: '批次', width: 14 },
      { header: '环节', width: 20 },
      { header: '样本户数', width: 10 },
      { header: '中位数（小时）', width: 14 },
      { header: 'P90（小时）', width: 12 }
    ],
    timeRows
  )

  const slaRows: Cell[][] = []
  for (const s of d.sla) {
    for (const i of result.slaItems.get(s.kind) ?? []) {
      slaRows.push([s.title, i.label, i.subject, shanghaiText(i.since), shanghaiText(i.dueAt), ROLE_TITLES[i.role] ?? i.role, i.staff?.name ?? null])
    }
  }
  sheet(
    wb,
    '超时预警',
    [
      { header: '类型', width: 20 },
      { header: '房屋', width: 16 },
      { header: '事项', width: 28 },
      { header: '开始时间', width: 18 },
      { header: '期限', width: 18 },
      { header: '责任岗位', width: 10 },
      { header: '责任人', width: 10 }
    ],
    slaRows
  )
  // the counts, so the sheet can be checked against the dashboard at a glance
  sheet(
    wb,
    '预警汇总',
    [
      { header: '类型', width: 20 },
      { header: '事项数', width: 8 },
      { header: '户数', width: 8 }
    ],
    d.sla.map((s) => [s.title, s.count, s.houses])
  )

  sheet(
    wb,
    '缺陷统计',
    [
      { header: '缺陷类别', width: 12 },
      { header: '楼栋', width: 12 },
      { header: '缺陷数', width: 8 },
      { header: '验房户数', width: 10 },
      { header: '每百户缺陷数', width: 14 },
      { header: '有此类缺陷户数', width: 14 }
    ],
    d.defects.cells.map((c) => [c.category, c.buildingId === null ? '全部' : buildingName.get(c.buildingId) ?? String(c.buildingId), c.defects, c.houses, c.per100, c.withDefects])
  )

  const r = d.repairs
  sheet(
    wb,
    '整改及时率',
    [
      { header: '项目', width: 16 },
      { header: '数量', width: 10 }
    ],
    [
      ['整改单总数', r.total],
      ['按期完成', r.onTimeDone],
      ['逾期完成', r.overdueDone],
      ['未完成（未逾期）', r.onTimeOpen],
      ['未完成（已逾期）', r.overdueOpen],
      ['按期完成率', r.onTimeRate],
      ['首轮验房户数', d.firstPass.inspected],
      ['一次验房通过户数', d.firstPass.firstPass],
      ['一次验房通过率', d.firstPass.rate]
    ]
  )

  const sv = d.survey
  sheet(
    wb,
    '满意度',
    [
      { header: '调查项', width: 22 },
      { header: '权重', width: 8 },
      { header: '答卷数', width: 8 },
      { header: '平均分', width: 8 },
      { header: '标准差', width: 8 },
      { header: '低分数', width: 8 }
    ],
    [
      ...sv.items.map((i): Cell[] => [i.title, i.weight, i.count, i.mean, i.sd, i.lowCount]),
      ['CSI（百分制）', null, sv.responses, sv.csi, null, null],
      [`对标 ${sv.benchmark.value}`, null, null, sv.vsBenchmark, null, null]
    ]
  )

  sheet(
    wb,
    '意见主题',
    [
      { header: '主题', width: 12 },
      { header: '意见数', width: 8 }
    ],
    sv.themes.map((t) => [t.title, t.count])
  )

  sheet(
    wb,
    '每户',
    [
      { header: '房屋', width: 16 },
      { header: '批次', width: 10 },
      { header: '业主', width: 10 },
      { header: '当前环节', width: 12 },
      { header: '核验时间', width: 18 },
      { header: '预约时段', width: 18 },
      { header: '签到时间', width: 18 },
      { header: '验房时间', width: 18 },
      { header: '交钥匙时间', width: 18 }
    ],
    [...result.exportRows]
      .sort((a, b) => byLabel.compare(a.label, b.label) || a.houseId - b.houseId)
      .map((h) => {
        const owner = owners.get(h.houseId)
        return [
          h.label,
          h.batch,
          owner ? maskName(owner) : null,
          STAGE_TITLES[h.stage],
          shanghaiText(h.verifiedAt),
          h.reservedFor,
          shanghaiText(h.checkedInAt),
          shanghaiText(h.inspectedAt),
          shanghaiText(h.keysAt)
        ]
      })
  )

  return Buffer.from(await wb.xlsx.writeBuffer())
}
