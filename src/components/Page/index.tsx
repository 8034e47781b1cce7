import type { ComponentType, PropsWithChildren } from 'react'
import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCareMode } from '../../hooks/useCareMode'
import { CareSwitch } from '../CareSwitch'
import { PageChrome } from './chrome'
import './index.scss'

export interface PageProps {
  /** the title bar text on H5; defaults to the page config's navigationBarTitleText */
  title?: string
  /** no back arrow: the owner home, the QR landing, the staff and manager home */
  root?: boolean
  /** the 长辈模式 switch at the top (QR landing, owner home, staff home) */
  careSwitch?: boolean
  className?: string
}

function configTitle(): string {
  // read once at the first render: at that moment the current instance is this page (Taro's onLoad runs first)
  const page = Taro.getCurrentInstance().page as { config?: { navigationBarTitleText?: string } } | null | undefined
  return page?.config?.navigationBarTitleText ?? ''
}

/**
 * Every page's root: the 长辈模式 class (larger text and targets, see app.scss), on H5 a
 * title bar with a way back, on weapp the page-meta that follows WeChat's font setting and
 * the privacy dialog the upload pickers need.
 */
export function Page({ title, root, careSwitch, className, children }: PropsWithChildren<PageProps>) {
  const [care] = useCareMode()
  const [initialTitle] = useState(configTitle)
  return (
    <>
      <PageChrome title={title ?? initialTitle} root={!!root} care={care} />
      <View className={`anjia-page${care ? ' anjia-care' : ''}${className ? ` ${className}` : ''}`}>
        {careSwitch && (
          <View className='anjia-page__care'>
            <CareSwitch />
          </View>
        )}
        {children}
      </View>
    </>
  )
}

/** `export default withPage(SomePage, { root: true })`: the page's root is a Page. */
export function withPage<P extends object>(Inner: ComponentType<P>, options: PageProps = {}): ComponentType<P> {
  function WithPage(props: P) {
    return (
      <Page {...options}>
        <Inner {...props} />
      </Page>
    )
  }
  WithPage.displayName = `withPage(${Inner.displayName ?? Inner.name ?? 'Page'})`
  return WithPage
}

export default Page
