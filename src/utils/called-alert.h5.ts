/**
 * H5: the owner's phone buzzes (where the browser allows it) and plays a short two-note tone
 * when the page's polling sees the number called. Browsers may refuse both without a prior
 * tap on the page; the visible card still says it.
 */
export function alertCalled(): void {
  try {
    navigator.vibrate?.([400, 200, 400])
  } catch {
    // no vibration on this device
  }
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctx) return
    const ctx = new Ctx()
    const tone = (freq: number, start: number) => {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.frequency.value = freq
      gain.gain.setValueAtTime(0.3, ctx.currentTime + start)
      gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + 0.35)
      osc.connect(gain).connect(ctx.destination)
      osc.start(ctx.currentTime + start)
      osc.stop(ctx.currentTime + start + 0.4)
    }
    tone(880, 0)
    tone(660, 0.45)
    setTimeout(() => void ctx.close().catch(() => undefined), 1500)
  } catch {
    // audio unavailable: the card still says it
  }
}
