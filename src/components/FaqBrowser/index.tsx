import { useEffect, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { FaqList } from '../../../types'
import { InlineError } from '../InlineError'
import './index.scss'

export interface FaqBrowserProps {
  list: FaqList | null
  loading: boolean
  error?: string | null
  /** the search words currently applied */
  q?: string
  onCategory: (code?: string) => void
  onSearch: (q: string) => void
  onRetry: () => void
}

/** Category tabs, a search box and the questions (tap to open an answer). */
export function FaqBrowser({ list, loading, error, q, onCategory, onSearch, onRetry }: FaqBrowserProps) {
  const [text, setText] = useState(q ?? '')
  const [opened, setOpened] = useState<Record<number, boolean>>({})
  useEffect(() => setText(q ?? ''), [q])

  const active = list?.category ?? null
  const items = list?.items ?? []
  // a search or a short list shows the answers at once
  const expandAll = Boolean(list?.q) || items.length <= 2

  return (
    <View className='faq'>
      <View className='faq__search' role='search'>
        <Input
          className='faq__input'
          aria-label='搜索常见问题'
          nativeProps={{ 'aria-label': '搜索常见问题' }}
          value={text}
          maxlength={50}
          confirmType='search'
          placeholder='输入关键词，如 缴费、门禁卡'
          onInput={(e) => setText(e.detail.value)}
          onConfirm={() => onSearch(text)}
        />
        <Button type='primary' size='small' onClick={() => onSearch(text)}>
          搜索
        </Button>
      </View>

      <View className='faq__tabs' role='tablist' aria-label='问题分类'>
        {[{ code: '', title: '全部' }, ...(list?.categories ?? [])].map((c) => {
          const selected = (c.code || null) === active
          return (
            <View
              key={c.code || 'all'}
              role='tab'
              aria-selected={selected ? 'true' : 'false'}
              aria-label={c.title}
              className={`faq__tab${selected ? ' faq__tab--active' : ''}`}
              onClick={() => onCategory(c.code || undefined)}
            >
              <Text>{c.title}</Text>
            </View>
          )
        })}
      </View>

      {list?.q && (
        <View className='faq__status'>
          <Text>{`“${list.q}”的搜索结果：${items.length} 条`}</Text>
          <View className='faq__clear' role='button' aria-label='清除搜索' onClick={() => onSearch('')}>
            <Text>清除搜索</Text>
          </View>
        </View>
      )}

      {error && (
        <View className='faq__card'>
          <InlineError message={error} testId='faq-error' />
          <Button type='primary' block onClick={onRetry}>
            重新加载
          </Button>
        </View>
      )}
      {!error && loading && !list && (
        <View className='faq__card' aria-busy='true'>
          <Text>正在加载常见问题…</Text>
        </View>
      )}
      {!error && list && items.length === 0 && (
        <View className='faq__card' data-testid='faq-empty'>
          <Text className='faq__empty'>没有找到相关问题，换个关键词试试，或致电物业服务中心咨询。</Text>
        </View>
      )}

      {!error &&
        items.map((item) => {
          const open = expandAll || opened[item.id]
          return (
            <View key={item.id} className='faq__card' data-testid='faq-item'>
              <View
                className='faq__question'
                role='button'
                aria-expanded={open ? 'true' : 'false'}
                onClick={() => setOpened((o) => ({ ...o, [item.id]: !open }))}
              >
                <Text className='faq__q'>{item.question}</Text>
                <Text className='faq__chevron' aria-hidden='true'>
                  {open ? '收起' : '展开'}
                </Text>
              </View>
              {open && <Text className='faq__answer'>{item.answer}</Text>}
              {!active && <Text className='faq__category'>{item.categoryTitle}</Text>}
            </View>
          )
        })}
    </View>
  )
}

export default FaqBrowser
