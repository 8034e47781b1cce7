/*
 * Open survey answers grouped by theme: a plain keyword map, checked in the order below; an
 * answer goes to the first theme one of whose keywords it contains, otherwise to 其他. Each
 * answer is in exactly one theme, so the theme counts add up to the answers.
 */
import type { SurveyTheme } from '../../../../types/dashboard'

export const THEMES: { theme: SurveyTheme; title: string; keywords: string[] }[] = [
  {
    theme: 'quality',
    title: '质量/维修',
    keywords: ['质量', '维修', '整改', '返修', '报修', '渗', '漏水', '裂', '空鼓', '墙', '地板', '瓷砖', '门窗', '窗户', '水管', '瑕疵', '缺陷', '验房']
  },
  { theme: 'attitude', title: '服务态度', keywords: ['态度', '热情', '耐心', '礼貌', '客气', '冷漠', '不耐烦', '专业', '服务'] },
  { theme: 'efficiency', title: '效率/排队', keywords: ['排队', '等待', '等了', '等候', '效率', '太慢', '很慢', '很快', '快捷', '久', '流程', '手续', '耗时'] },
  { theme: 'facilities', title: '设施', keywords: ['电梯', '门禁', '绿化', '停车', '车位', '设施', '照明', '路灯', '道路', '健身', '监控', '垃圾'] },
  { theme: 'charges', title: '收费', keywords: ['收费', '费用', '物业费', '价格', '太贵', '缴费', '押金', '保证金', '供暖费', '账单'] },
  { theme: 'other', title: '其他', keywords: [] }
]

export function themeOf(text: string): SurveyTheme {
  for (const t of THEMES) if (t.keywords.some((k) => text.includes(k))) return t.theme
  return 'other'
}

export const THEME_METHOD =
  '开放意见按关键词归类（依次匹配，归入第一个命中的主题，未命中归入其他）：' +
  THEMES.filter((t) => t.keywords.length)
    .map((t) => `${t.title}（${t.keywords.join('、')}）`)
    .join('；')
