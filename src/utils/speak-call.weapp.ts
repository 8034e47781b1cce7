/** weapp: the hall screen is an H5 page for a TV; the mini-program does not speak. */
export function speechAvailable(): boolean {
  return false
}

export function speak(_text: string): void {
  // no speech synthesis in the mini-program
}

export function unlockSpeech(): boolean {
  return false
}
