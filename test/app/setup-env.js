// What Taro's build would inject for an H5 bundle.
process.env.TARO_ENV = 'h5'
process.env.TARO_PLATFORM = 'web'
process.env.NODE_ENV = 'test'

// Taro's <input> web component is never hydrated in jsdom (no inner <input>), so its
// value watcher throws when a controlled value changes. Drop exactly that noise.
const originalError = console.error
console.error = (...args) => {
  const first = args[0]
  const text = first && first.stack ? String(first.stack) : String(first)
  if (text.includes('taro-input-core') && text.includes("reading 'value'")) return
  originalError(...args)
}
