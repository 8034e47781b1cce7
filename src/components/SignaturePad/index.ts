// `./SignaturePad` resolves to SignaturePad.weapp.tsx or SignaturePad.h5.tsx per build target.
export { SignaturePad, default } from './SignaturePad'
export type { SignaturePadProps } from './types'
export { MIN_INK_LENGTH } from './strokes'
