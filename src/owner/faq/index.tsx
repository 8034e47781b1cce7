import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { FaqBrowser } from '../../components/FaqBrowser'
import { useFaq } from '../../hooks/useFaq'
import './index.scss'
import { withPage } from '../../components/Page'

function param(v: string | undefined): string | undefined {
  if (!v) return undefined
  try {
    return decodeURIComponent(v).trim() || undefined
  } catch {
    return v.trim() || undefined
  }
}

/** owner/faq?category=费用与缴费&q=如何缴费 (token=… from the landing page before verification) */
function FaqPage() {
  const { params } = useRouter()
  const { state, filter, setCategory, search, reload } = useFaq({ category: param(params.category), q: param(params.q) }, param(params.token))
  return (
    <View className='faq-page'>
      <FaqBrowser
        list={state.phase === 'ready' ? state.list : null}
        loading={state.phase === 'loading'}
        error={state.phase === 'error' ? state.message : null}
        q={filter.q}
        onCategory={setCategory}
        onSearch={search}
        onRetry={() => void reload()}
      />
    </View>
  )
}

export default withPage(FaqPage)
