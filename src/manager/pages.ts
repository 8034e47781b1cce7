/** The manager subpackage's pages, as the hub (manager/index) lists them. Add a line per page. */
export interface ManagerPage {
  title: string
  description: string
  url: string
}

export const MANAGER_PAGES: ManagerPage[] = []
