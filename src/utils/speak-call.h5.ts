/**
 * H5: the hall TV says each call aloud in Chinese. Browsers only let a page speak after a
 * user gesture, so the page calls `unlockSpeech` from its 开启语音播报 button first.
 */
export function speechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof SpeechSynthesisUtterance !== 'undefined'
}

export function speak(text: string): void {
  if (!speechAvailable()) return
  try {
    const u = new SpeechSynthesisUtterance(text)
    u.lang = 'zh-CN'
    u.rate = 0.9
    window.speechSynthesis.speak(u)
  } catch {
    // no voice on this device: the screen still shows the call
  }
}

/** Called from the button tap: an empty utterance inside the gesture lets later calls speak. */
export function unlockSpeech(): boolean {
  if (!speechAvailable()) return false
  try {
    window.speechSynthesis.cancel()
    window.speechSynthesis.speak(new SpeechSynthesisUtterance(''))
  } catch {
    return false
  }
  return true
}
