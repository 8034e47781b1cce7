/** The manager subpackage's pages, as the hub (manager/index) lists them. Add a line per page. */
export interface ManagerPage {
  title: string
  description: string
  url: string
}

export const MANAGER_PAGES: ManagerPage[] = [
  { title: '导入业主名单', description: '导入开发商提供的备案业主名单（Excel/CSV），先检查后导入', url: '/manager/import/index' }
]
