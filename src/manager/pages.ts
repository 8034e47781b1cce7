/** The manager subpackage's pages, as the hub (manager/index) lists them. Add a line per page. */
export interface ManagerPage {
  title: string
  description: string
  url: string
}

export const MANAGER_PAGES: ManagerPage[] = [
  { title: '小区设置', description: '基本信息、楼栋与批次、预约时段、资料清单、收费标准、协议、问卷权重、办理规则', url: '/manager/setup/index' },
  { title: '导入业主名单', description: '导入开发商提供的备案业主名单（Excel/CSV），先检查后导入', url: '/manager/import/index' },
  { title: '员工账号', description: '为工作人员开通账号、分配角色、停用账号、重置密码', url: '/manager/accounts/index' },
  { title: '打印入伙通知书', description: '按楼栋或批次生成每户一页的入伙通知书 PDF（含专属二维码）和二维码贴纸', url: '/manager/notices/index' },
  { title: '房屋列表', description: '按楼栋、批次、办理环节查看每户进度；单户打印通知书、补发二维码', url: '/manager/houses/index' },
  { title: '施工单位', description: '施工单位及联系人；按问题类别、楼栋批量派单；下载每家的整改通知单；退回和逾期统计', url: '/manager/contractors/index' },
  { title: '数据看板', description: '收楼率、办理漏斗、各阶段用时、超时预警、问题分布、整改及时率、满意度；每个数字可查看对应房屋，可导出 Excel', url: '/manager/dashboard/index' }
]
