// The one stage table (types/stages.ts): every stage has a title and an owner page, the page
// exists in the app, and the client's page lookup reads the same table the server links to.
import type { Stage } from '../../types/progress'
import { STAGE_PAGES, STAGE_TITLES, stageTitle } from '../../types/stages'
import { stagePage } from '../../src/routes'

;(globalThis as unknown as { defineAppConfig: (c: unknown) => unknown }).defineAppConfig = (c) => c
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appConfig = require('../../src/app.config').default as { pages: string[]; subPackages: { root: string; pages: string[] }[] }

// types/progress.ts carries TypeBox (not loadable here); the ten stages of docs/domain.md
const STAGES: Stage[] = ['verify', 'documents', 'reserve', 'agreements', 'fees', 'checkin', 'inspection', 'keys', 'done', 'followup']

const appPages = new Set([...appConfig.pages, ...appConfig.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))].map((p) => `/${p}`))

describe('stage titles and pages', () => {
  it('name every stage once', () => {
    expect(Object.keys(STAGE_TITLES).sort()).toEqual([...STAGES].sort())
    expect(Object.keys(STAGE_PAGES).sort()).toEqual([...STAGES].sort())
  })

  it('point at pages the app has', () => {
    for (const stage of STAGES) expect(appPages).toContain(STAGE_PAGES[stage])
  })

  it('are what the home page opens', () => {
    for (const stage of STAGES) expect(stagePage(stage)).toBe(STAGE_PAGES[stage])
    expect(stageTitle('reserve')).toBe('预约时间')
    expect(stageTitle('legacy_code')).toBe('legacy_code')
  })
})
